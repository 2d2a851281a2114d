from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import (
    admin_actions,
    admin_factdesk,
    admin_views,
    cachekeys,
    live_edits,
    merging,
    pictures,
    revisions,
    slugs,
    workflow,
)
from articles.bylines import default_bylines, set_bylines
from articles.forms import BylinesField
from articles.models import HEADLINE_LIMIT, Article, Correction, Section
from blocks.body import picture_ids
from newsroom.admin import rights_summary, thumbnail
from newsroom.models import Image
from newsroom.pickers import CheckedPickers, PicturePicker
from newsroom.sanitize import clean_html
from newsroom.widgets import CountedTextarea, CountedTextInput, SlugInput


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class QuickViewFilter(admin.SimpleListFilter):
    title = "quick views"
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [("my_drafts", "My drafts"), ("waiting", "Waiting for review")]

    def queryset(self, request, queryset):
        if self.value() == "my_drafts":
            return queryset.in_state(Article.Status.DRAFT).filter(created_by=request.user)
        if self.value() == "waiting":
            return queryset.in_state(Article.Status.REVIEW)
        return queryset


def max_length(field):
    return Article._meta.get_field(field).max_length


class ArticleAdminForm(forms.ModelForm):
    headline = forms.CharField(
        max_length=HEADLINE_LIMIT,
        widget=CountedTextInput(
            attrs={"class": "vTextField story-headline"},
            limit=HEADLINE_LIMIT,
            note=f"Search engines show up to {HEADLINE_LIMIT} in their article results.",
        ),
        error_messages={
            "max_length": "Keep the headline to %(limit_value)d characters or fewer (it has "
            "%(show_value)d): search engines show no more in their article results."
        },
    )
    # The version the form was opened on: a save from an older one is merged with what
    # was saved since (articles.merging), and never written over it.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A conflict shown on this form, signed, so the choices made on it can be applied.
    conflict_state = forms.CharField(widget=forms.HiddenInput, required=False)
    # In reading order; a new story starts with its writer's own (ArticleAdmin).
    bylines = BylinesField(
        help_text="Who the story is signed with, first named first. Contributors without a "
        "login (freelancers, agency reporters) are added under Authors."
    )
    # Offered to editors on a live story when NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES is on.
    small_fix = forms.BooleanField(
        required=False,
        label="Small fix: put it live at once",
        help_text="For a typo or the like: readers see it now, without a second look, and "
        "the history records it as a small fix. Leave unticked for anything more.",
    )
    desk_user = None  # who the form is for (ArticleAdmin.get_form)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "section",
            "standfirst",
            "body",
            "hero_image",
            "hero_caption",
            "people",
            "productions",
            "tags",
            "bylines",
            "source",
            "is_lead",
            "seo_title",
            "seo_description",
        ]
        widgets = {
            "slug": SlugInput(attrs={"class": "vTextField story-slug"}),
            "standfirst": CountedTextarea(
                attrs={"class": "vLargeTextField story-standfirst", "rows": 3},
                limit=max_length("standfirst"),
                note="Search snippets show about the first 160.",
            ),
            "seo_title": CountedTextInput(
                attrs={"class": "vTextField"},
                limit=max_length("seo_title"),
                note="Leave empty to use the headline.",
            ),
            "seo_description": CountedTextarea(
                attrs={"class": "vLargeTextField", "rows": 3},
                limit=max_length("seo_description"),
                note="Leave empty to use the start of the standfirst.",
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None  # what the page shows when the person has to choose
        self.merge = None  # a save on an older version, merged: what to record
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            authors = self.instance.bylines.values_list("author_id", flat=True)
            self.initial.setdefault("bylines", list(authors))
            edit = live_edits.waiting_edit(self.instance)
            if edit is not None:  # the desk goes on from the changes, readers see the live text
                self.initial.update(
                    {f: _initial(f, v) for f, v in edit.snapshot.items() if f in self.fields}
                )
        if not self.offers_small_fix(self.instance, self.desk_user):
            self.fields.pop("small_fix", None)
        if "slug" in self.fields:
            self._set_up_slug(self.fields["slug"])

    def _set_up_slug(self, field):
        field.required = False  # left empty, it is made from the headline
        if self.instance.first_published_at:
            field.help_text = (
                "The story's address. Readers know it now: change it only on purpose "
                "(the old address will send them on to the new one)."
            )
            return
        field.help_text = (
            "The story's address. It follows the headline until the story first goes "
            "live, unless you change it; then it stays."
        )
        slug, headline = self["slug"].value(), self["headline"].value()
        if not slug or slugs.follows(slug, headline):
            field.widget.follows = self["headline"].auto_id  # the browser fills it as one types

    @staticmethod
    def offers_small_fix(article, user):
        return bool(
            user is not None
            and article.pk is not None
            and article.edits_wait_for_approval()
            and live_edits.may_fix_at_once(user)
        )

    def clean_small_fix(self):
        wanted = self.cleaned_data.get("small_fix")
        if wanted and live_edits.waiting_edit(self.instance) is not None:
            raise forms.ValidationError(
                "Changes are waiting for approval on this story: publish or discard them "
                "first, then make the small fix, so nobody's changes go out unseen."
            )
        return wanted

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if image is not None and image.pk != self.instance.hero_image_id:  # newly picked
            pictures.check_single_use(image, self.instance)
        return image

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        had = set(picture_ids(self.instance.body)) if self.instance.pk else set()
        added = [pk for pk in picture_ids(body) if pk not in had]  # newly put in the body
        for image in Image.objects.filter(pk__in=added):
            pictures.check_single_use(image, self.instance)
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("slug") is not None and cleaned.get("headline"):
            cleaned["slug"] = slugs.for_form(self.instance, cleaned["slug"], cleaned["headline"])
        if self.instance.pk is None or self.errors:
            return cleaned  # a stale form with mistakes is merged once they are put right
        theirs = live_edits.current(self.instance)  # a live story's waiting changes, if any
        self.merge = merging.merge_posted(self.instance, cleaned, self.data, theirs)
        if self.merge and self.merge.conflicts:
            self.conflict = merging.conflict_view(self.merge)
            # Shown again merged, on the story's current version, with the choices to make.
            self.data = merging.form_data(self.data, self.merge, self.instance)
            raise forms.ValidationError(self.conflict["error"], code="stale")
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        if "bylines" in self.cleaned_data:  # not a model field: bylines are rows of their own
            set_bylines(self.instance, self.cleaned_data["bylines"])


def _initial(field, value):
    """A snapshot's value as the form starts from it."""
    if field == "tags":
        return merging.form_values(field, value)[0]
    return value


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    can_delete = False
    verbose_name = "public correction"

    def has_change_permission(self, request, obj=None):
        return False  # a correction, once shown to readers, stands

    def has_add_permission(self, request, obj=None):
        # Correcting a story takes both: the right to correct and the right to edit it.
        return bool(
            obj
            and obj.first_published_at
            and super().has_add_permission(request, obj)
            and workflow.can_edit(obj, request.user)
        )


@admin.register(Article)
class ArticleAdmin(CheckedPickers, admin.ModelAdmin):
    form = ArticleAdminForm

    class Media:
        css = {"all": ["css/admin.css", "css/story-page.css"]}
        js = ["js/schedule.js", "js/checks.js", "js/confirm.js"]

    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    list_display = [
        "headline",
        "hero_thumbnail",
        "section",
        "status_badge",
        "author",
        "publish_at",
        "updated_at",
    ]
    list_filter = [
        QuickViewFilter,
        "status",
        "section",
        ("created_by", admin.RelatedOnlyFieldListFilter),
        "publish_at",
    ]
    search_fields = ["headline", "standfirst", "slug"]
    # The slug follows the headline by a rule of its own (articles.slugs), not prepopulated_fields.
    autocomplete_fields = ["section", "hero_image", "people", "productions"]
    list_select_related = ["section", "hero_image", "created_by"]
    # No date_hierarchy: listing the years it offers means truncating every story's date
    # (about 0.3 s at 100,000 stories). The publish-time filter gives today, this week,
    # this month and this year for nothing.
    inlines = [CorrectionInline]
    # An unbounded COUNT(*) on every list load gets slow on a big archive.
    show_full_result_count = False
    # Status and times change only through the workflow buttons.
    readonly_fields = [
        "picture_rights",
        "status",
        "publish_at",
        "expire_at",
        "first_published_at",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": ["headline", ("slug", "section"), "standfirst", "body"],
                "classes": ["story-words"],
            },
        ),
        ("Picture", {"fields": ["hero_image", "hero_caption", "picture_rights"]}),
        ("About", {"fields": ["people", "productions", "tags", "bylines", "source", "is_lead"]}),
        ("Publication", {"fields": ["status", "publish_at", "expire_at", "first_published_at"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": ["created_by", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        # A story under embargo is kept to its own people (ArticleQuerySet.on_desk_for).
        return super().get_queryset(request).on_desk_for(request.user)

    def get_changeform_initial_data(self, request):
        # A new story carries its writer's name.
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("bylines", [author.pk for author in default_bylines(request.user)])
        return initial

    @admin.display(description="Bylines")
    def bylines(self, article):
        """The bylines as someone who may only read the story sees them."""
        return ", ".join(byline.author.name for byline in article.bylines.select_related("author"))

    def get_inlines(self, request, obj):
        # Corrections are for stories readers have already seen.
        return self.inlines if obj is not None and obj.first_published_at else []

    # Shown in place of a field to someone who may read the story but not change it.
    READ_ONLY = {"body": "formatted_body"}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        if not self.has_change_permission(request, obj):
            return [
                (name, {**options, "fields": [self.READ_ONLY.get(f, f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        (name, options), *rest = fieldsets
        hidden = ["base_version", "conflict_state"]
        if ArticleAdminForm.offers_small_fix(obj, request.user):
            hidden.insert(0, "small_fix")
        return [(name, {**options, "fields": [*options["fields"], *hidden]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"desk_user": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_image":
            kwargs["widget"] = PicturePicker(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Who may do what is decided by the workflow module, not by hiding buttons.
    def has_add_permission(self, request):
        return request.user.has_perm("articles.add_article")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm("articles.change_article")
        return workflow.can_edit(obj, request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            story = self.get_object(request, unquote(object_id))
            if story is not None and self._too_late_for_its_writer(request, story):
                note = revisions.keep_late_words(story, request.user, request.POST)
                context = {**self.admin_site.each_context(request), "article": story, "note": note}
                page = "admin/articles/article/late_words.html"
                return render(request, page, context, status=409)  # 409: the story moved on
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if admin_actions.requested(request) and response.status_code == 200:
            admin_actions.refused(request)  # the form is shown again, with the words in it
        return response

    def response_change(self, request, obj):
        if getattr(request, "keeps_waiting_edit", False):
            if live_edits.waiting_edit(obj) is not None:
                self.message_user(request, WAITING_MESSAGE, messages.SUCCESS)
            else:
                self.message_user(request, "Nothing was changed.", messages.INFO)
            if admin_actions.requested(request):
                if request.merged_unseen_changes:
                    admin_actions.held_back(request)
                else:
                    admin_actions.run(request, obj)
            return redirect(admin_views.change_url(obj))
        if admin_actions.requested(request):
            if getattr(request, "merged_unseen_changes", False):
                admin_actions.held_back(request)  # they look at the merged story first
            else:
                admin_actions.run(request, obj)
            return redirect(admin_views.change_url(obj))
        return super().response_change(request, obj)

    def _too_late_for_its_writer(self, request, story):
        # The writer's own story, moved on (to review, say) while they had it open.
        return story.created_by_id == request.user.pk and not self.has_change_permission(
            request, story
        )

    def get_object(self, request, object_id, from_field=None):
        story = super().get_object(request, object_id, from_field)
        if (
            story is not None
            and request.method == "POST"
            and transaction.get_connection().in_atomic_block
        ):
            # Two saves of one story queue on its row, so the second reads the first's
            # version and is shown the conflict instead of silently writing over it.
            # (SQLite's IMMEDIATE transactions queue them already.)
            list(Article.objects.select_for_update().filter(pk=story.pk).values_list("pk"))
            story.refresh_from_db()
        return story

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("agency/", view(admin_factdesk.agency_import), name="articles_article_agency"),
            path(
                "<int:pk>/checks.json",
                view(admin_factdesk.checks_json),
                name="articles_article_checks",
            ),
            path(
                "<int:pk>/fix/",
                view(admin_factdesk.fix),
                name="articles_article_fix",
            ),
            path("<int:pk>/attach/", view(admin_factdesk.attach), name="articles_article_attach"),
            path("schedule/", view(admin_views.schedule), name="articles_article_schedule"),
            path(
                "<int:pk>/workflow/",
                view(admin_views.workflow_action),
                name="articles_article_workflow",
            ),
            path(
                "<int:pk>/revisions/",
                view(admin_views.revision_history),
                name="articles_article_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/restore/",
                view(admin_views.restore_revision),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/preview/",
                view(admin_views.staff_preview),
                name="articles_article_preview",
            ),
            path("<int:pk>/share/", view(admin_views.share_preview), name="articles_article_share"),
            path(
                "<int:pk>/share/<int:link_pk>/revoke/",
                view(admin_views.revoke_preview),
                name="articles_article_revoke",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(admin_views.workflow_context(request, obj))
        form = context.get("adminform") and context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change and obj.edits_wait_for_approval() and not form.cleaned_data.get("small_fix"):
            # Nothing reaches readers: save_related keeps it as the story's waiting changes.
            request.keeps_waiting_edit = True
            return
        if change:
            # Versions the person sent before a merge are kept as revisions of their own.
            obj.version += 1 + (len(form.merge.sent) if form.merge else 0)
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        request.merged_unseen_changes = bool(form.merge and form.merge.unseen)
        if getattr(request, "keeps_waiting_edit", False):
            # Corrections written now go out with the changes, not before them.
            corrections = [c.text for formset in formsets for c in formset.save(commit=False)]
            data = merging.posted(form.cleaned_data)
            live_edits.keep(form.instance, request.user, data, corrections, form.merge)
            if form.merge:
                self.message_user(request, form.merge.message(), messages.SUCCESS)
            return
        super().save_related(request, form, formsets, change)
        if form.merge:
            merging.record(form.instance, request.user, form.merge)
            self.message_user(request, form.merge.message(), messages.SUCCESS)
        elif form.cleaned_data.get("small_fix"):
            previous = form.instance.revisions.first()
            changes = revisions.describe_changes(
                previous.snapshot if previous else None, revisions.snapshot(form.instance)
            )
            revisions.record(form.instance, request.user, summary=f"Small fix: {changes.lower()}")
            live_edits.small_fix_recorded(form.instance, request.user, changes)
        else:
            revisions.record(form.instance, request.user)
        # Tags and people are saved after the article itself: their pages too.
        article = form.instance
        # (Someone made public by being named: see the signals on people and productions.)
        cachekeys.purge_stories([article.pk], article.is_live(), publicness_may_change=False)

    def save_formset(self, request, form, formset, change):
        corrections = formset.save(commit=False)
        for correction in corrections:
            correction.created_by = request.user
            correction.save()
        formset.save_m2m()

    @admin.display(description="Body")
    def formatted_body(self, article):
        # As readers see it, not its HTML source; sanitised again, whatever the row holds.
        body = clean_html(article.body)
        return format_html('<div class="story-body-read-only">{}</div>', mark_safe(body))

    @admin.display(description="Picture")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image, height=40)

    @admin.display(description="Picture rights")
    def picture_rights(self, article):
        return rights_summary(article.hero_image)

    @admin.display(description="Author", ordering="created_by__username")
    def author(self, article):
        user = article.created_by
        return (user.get_full_name() or user.get_username()) if user else "–"

    @admin.display(description="Status", ordering="status")
    def status_badge(self, article):
        return status_badge(article)


WAITING_MESSAGE = (
    "Saved as changes waiting for approval. Readers still see the live version until "
    "another editor, or a publisher, publishes them."
)


def status_badge(article, now=None):
    state, label = article.display_state(now or timezone.now())
    return format_html('<span class="status-badge status-badge--{}">{}</span>', state, label)
