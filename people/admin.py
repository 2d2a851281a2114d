from django.contrib import admin

from newsroom.admin import thumbnail
from newsroom.pickers import CheckedPickers
from people.models import Credit, Person, Production


class CreditInline(CheckedPickers, admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["production", "role", "character", "billing"]
    autocomplete_fields = ["production"]
    ordering = ["billing", "pk"]


class CastInline(CreditInline):
    fields = ["person", "role", "character", "billing"]
    autocomplete_fields = ["person"]


@admin.register(Person)
class PersonAdmin(CheckedPickers, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "birth_date", "death_date", "current_age"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["shown_publicly", ("death_date", admin.EmptyFieldListFilter)]
    search_fields = ["name", "also_known_as"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    list_select_related = ["photo"]
    inlines = [CreditInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "sort_name", "also_known_as", "photo", "shown_publicly"]},
        ),
        ("Life", {"fields": ["birth_date", "birthplace", "death_date", "bio"]}),
        ("Elsewhere", {"fields": ["wikidata_id", "imdb_id"]}),
    ]

    @admin.display(description="Photo")
    def photo_thumbnail(self, person):
        return thumbnail(person.photo, height=40)

    @admin.display(description="Age")
    def current_age(self, person):
        age = person.age
        if age is None:
            return "–"
        return f"{age} (at death)" if person.is_dead else age


@admin.register(Production)
class ProductionAdmin(CheckedPickers, admin.ModelAdmin):
    list_display = ["title", "kind", "year", "franchise"]
    list_filter = ["kind", "shown_publicly", "franchise"]
    search_fields = ["title", "franchise"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["poster"]
    inlines = [CastInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "franchise", "poster", "shown_publicly"]}),
        ("Release", {"fields": ["release_date", "release_year", "synopsis"]}),
        ("Elsewhere", {"fields": ["wikidata_id", "imdb_id"]}),
    ]
