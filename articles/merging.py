"""A save made on an older version of a story, merged field by field with what came since.

Three versions meet: the base (the revision the person opened: their form's
base_version), theirs (the story as others saved it since) and yours (the form as
posted). A field changed on one side only takes that side's value, so two people who
changed different fields both keep their changes without a question. A field both
changed, differently, is a conflict: the form comes back with both changes and a choice
for each, and nothing is saved until the person has chosen. What the person sent is kept
as a revision of its own before the merged result, so nobody's words are lost.
"""

import dataclasses
import datetime

from django.core import signing
from django.utils import timezone
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from articles import revisions
from articles.models import Revision, display_name
from newsroom.sanitize import clean_html

FIELDS = list(revisions.LABELS)
MANY = ("people", "productions", "bylines")
MISSING = object()  # a field its base revision predates: neither side counts as unchanged
CHOICE = "resolve-{}"  # the radio buttons posted with a settled conflict


@dataclasses.dataclass
class Merge:
    """What a save on an older version became, and what to record of it."""

    version: int  # the story's version this was merged with
    who: str  # who saved since the person opened it, as they are named to them
    when: datetime.datetime
    base: dict
    theirs: dict
    yours: dict  # the form as posted, with the choices on an earlier conflict applied
    from_theirs: list  # fields only they changed: their values were taken
    conflicts: list  # fields both changed differently, still to choose between
    chosen: dict  # {field: "theirs", "yours" or "edited"} for a conflict settled now
    sent: list  # the person's versions as sent, to keep as revisions before the result
    unseen: bool  # it brings in changes the person has not seen

    def fields(self, names):
        return _and([revisions.LABELS[field].lower() for field in names])

    def summary(self, me):
        """The merged revision's summary, for the revisions page."""
        parts = [f"Merged with {self.who}'s changes"]
        if self.from_theirs:
            parts[0] += f" to {self.fields(self.from_theirs)}"
        kept = {
            "theirs": f"kept {self.who}'s",
            "yours": f"kept {me}'s",
            "edited": f"{me} rewrote",
        }
        for choice, label in kept.items():
            picked = [field for field, how in self.chosen.items() if how == choice]
            if picked:
                parts.append(f"{label} {self.fields(picked)}")
        return "; ".join(parts)

    def message(self):
        """What the person is told once the merged story is saved."""
        if self.chosen:
            text = f"Saved with your choices for {self.fields(self.chosen)}"
            if self.from_theirs:
                text += f", and {self.who}'s changes to {self.fields(self.from_theirs)}"
        else:
            text = f"{self.who} saved this story after you opened it. Saved with their "
            text += f"changes to {self.fields(self.from_theirs)} merged with yours"
        return text + ". Both versions are kept in the revisions."

    def state(self, article):
        """The signed note a conflicted form carries, to apply the choices made on it."""
        data = {
            "version": self.version,
            "who": self.who,
            "from_theirs": self.from_theirs,
            "theirs": {field: self.theirs[field] for field in self.conflicts},
            "yours": {field: self.yours[field] for field in self.conflicts},
            "sent": self.sent,
        }
        return signing.dumps(data, salt=_salt(article), compress=True)


def three_way(base, theirs, yours):
    """(fields to take from theirs, fields to take from yours, fields in conflict)."""
    from_theirs, from_yours, conflicts = [], [], []
    for field in FIELDS:
        was = _comparable(base.get(field, MISSING))
        now, mine = _comparable(theirs[field]), _comparable(yours[field])
        if mine == now:
            continue
        if mine == was:
            from_theirs.append(field)
        elif now == was:
            from_yours.append(field)
        else:
            conflicts.append(field)
    return from_theirs, from_yours, conflicts


def merge_posted(article, cleaned, data):
    """Merge a posted story form with the saves made since it was opened, or None.

    Changes `cleaned` in place: choices made on a conflict shown before are applied,
    then the fields only others changed take their values. Call it with the story's
    row locked, so no save lands between this and the form's own.
    """
    state = _load_state(article, cleaned.get("conflict_state"))
    opened = cleaned.get("base_version")
    stale = opened is not None and opened != article.version
    if not (state or stale):
        return None  # the usual save: nobody saved since the form was opened
    sent = [posted(cleaned)]
    if state:
        _apply_choices(cleaned, state, data)
        sent = [*state["sent"], *sent]
    theirs = revisions.snapshot(article)
    if not stale:
        return _settled(article, state, sent, theirs, posted(cleaned))
    base = revision_at(article, opened)
    yours = posted(cleaned)
    from_theirs, _, conflicts = three_way(base, theirs, yours)
    if not (from_theirs or conflicts or state):
        return None  # whatever they changed, you changed the same way
    for field in from_theirs:
        cleaned[field] = cleaned_value(field, theirs[field])
    who, when = saved_since(article, opened)
    result = {**yours, **{field: theirs[field] for field in from_theirs}}
    return Merge(
        version=article.version,
        who=who,
        when=when,
        base=base,
        theirs=theirs,
        yours=yours,
        from_theirs=from_theirs,
        conflicts=conflicts,
        chosen=_chosen(state, result) if state else {},
        sent=_worth_keeping(sent, [theirs, base] + ([] if conflicts else [result])),
        unseen=bool(from_theirs or conflicts),
    )


def _settled(article, state, sent, theirs, result):
    """A conflict settled on the story's current version: the choices are applied."""
    return Merge(
        version=article.version,
        who=state["who"],
        when=timezone.now(),
        base={},  # not needed: nothing is left to compare
        theirs=theirs,
        yours=result,
        from_theirs=state["from_theirs"],
        conflicts=[],
        chosen=_chosen(state, result),
        sent=_worth_keeping(sent, [result, theirs]),
        unseen=False,
    )


def _chosen(state, result):
    """How each conflict shown before ended: their value, yours, or a new one."""
    chosen = {}
    for field, value in state["theirs"].items():
        if _comparable(result[field]) == _comparable(value):
            chosen[field] = "theirs"
        elif _comparable(result[field]) == _comparable(state["yours"][field]):
            chosen[field] = "yours"
        else:
            chosen[field] = "edited"
    return chosen


def _apply_choices(cleaned, state, data):
    for field in state["theirs"]:
        choice = data.get(CHOICE.format(field))
        if choice in ("theirs", "yours"):
            cleaned[field] = cleaned_value(field, state[choice][field])


def _worth_keeping(sent, known):
    """The versions sent that hold something no other revision holds, each once."""
    kept = []
    for data in sent:
        if not any(_same(data, other) for other in [*known, *kept]):
            kept.append(data)
    return kept


def record(article, by, merge):
    """Keep the versions the person sent, then the merged story, as revisions in order.

    The caller has raised article.version past the sent versions (see ArticleAdmin).
    """
    me = display_name(by)
    first = article.version - len(merge.sent)
    for offset, data in enumerate(merge.sent):
        Revision.objects.create(
            article=article,
            version=first + offset,
            created_by=by,
            summary=f"{me}'s version as sent, merged with {merge.who}'s changes"[:300],
            snapshot=data,
        )
    return revisions.record(article, by, summary=merge.summary(me))


def conflict_view(merge):
    """What the form shows above itself: who, when, and both changes to each field."""
    local = timezone.localtime(merge.when)
    rows = []
    for field in merge.conflicts:
        theirs, yours = revisions.readable(field, merge.theirs[field], merge.yours[field])
        base = revisions.readable(field, merge.base[field])[0] if field in merge.base else ""
        rows.append(
            {
                "field": field,
                "label": revisions.LABELS[field],
                "theirs": revisions.word_diff(base, theirs),
                "yours": revisions.word_diff(base, yours),
            }
        )
    return {
        "message": (
            f"{merge.who} saved this story at {local:%H:%M:%S on %d %b %Y}, after you "
            "opened it, and changed some of what you changed. Nothing is saved yet and "
            "nothing you typed is lost: choose below what to keep, then save."
        ),
        "error": (
            f"Not saved yet: you and {merge.who} changed the same "
            f"{'field' if len(rows) == 1 else 'fields'}. Choose above what to keep, then save."
        ),
        "who": merge.who,
        "rows": rows,
        "merged": merge.fields(merge.from_theirs),
        "values": {field: _fill(field, merge) for field in merge.conflicts},
    }


def form_data(data, merge, article):
    """The posted data to show again: merged, with yours where both changed, and the new base."""
    data = data.copy()
    result = {**merge.yours, **{field: merge.theirs[field] for field in merge.from_theirs}}
    for field in FIELDS:
        values = form_values(field, result[field])
        if values:
            data.setlist(field, values)
        else:
            data.pop(field, None)
    data["base_version"] = str(merge.version)
    data["conflict_state"] = merge.state(article)
    return data


def _fill(field, merge):
    """Both values of a conflicting field, for the page's script to put in the form."""
    theirs, yours = merge.theirs[field], merge.yours[field]
    if field in revisions.PICKED:
        names = revisions.readable(field, theirs, yours)
        return {
            "kind": "pick",
            "theirs": _pairs(theirs, names[0]),
            "yours": _pairs(yours, names[1]),
        }
    if field == "is_lead":
        return {"kind": "check", "theirs": theirs, "yours": yours}
    if field == "tags":
        theirs, yours = form_values(field, theirs)[0], form_values(field, yours)[0]
    return {"kind": "body" if field == "body" else "text", "theirs": theirs, "yours": yours}


def _pairs(value, names):
    """[[id, name], ...] for a picked field's value (one id, None, or a list)."""
    if isinstance(value, list):
        return [[pk, name] for pk, name in zip(value, names, strict=True)]
    return [] if value is None else [[value, names]]


def revision_at(article, version):
    """The snapshot of `version`, or {} when no revision of it was kept."""
    found = article.revisions.filter(version=version).values_list("snapshot", flat=True).first()
    return found or {}


def saved_since(article, version):
    """(the names of those who saved `article` after `version`, when the last of them did)."""
    newer = list(article.revisions.filter(version__gt=version).select_related("created_by"))
    names = []
    for revision in reversed(newer):
        if revision.created_by and display_name(revision.created_by) not in names:
            names.append(display_name(revision.created_by))
    when = newer[0].created_at if newer else article.updated_at
    return (_and(names) if names else "Someone else"), when


def posted(cleaned):
    """A form's cleaned values as a revision stores them."""
    data = {}
    for field in FIELDS:
        value = cleaned.get(field)
        if field in MANY:
            pks = [row.pk for row in value or []]
            data[field] = pks if field in revisions.ORDERED else sorted(pks)
        elif field in ("section", "hero_image"):
            data[field] = value.pk if value else None
        elif field == "tags":
            data[field] = sorted(set(value or []))
        elif field == "is_lead":
            data[field] = bool(value)
        elif field == "body":
            data[field] = clean_html(value or "")  # as the story will store it
        else:
            data[field] = value or ""
    return data


def cleaned_value(field, value):
    """A snapshot's value as a form's cleaned data holds it, ready to save."""
    if field in MANY:
        return revisions.picked_rows(field, value)
    if field in ("section", "hero_image"):
        model = revisions.picked_model(field)
        return model.objects.filter(pk=value).first() if value is not None else None
    return value


def form_values(field, value):
    """A snapshot's value as a browser posts it: a list of strings (empty: not posted)."""
    if field in MANY:
        return [str(pk) for pk in value]
    if field in ("section", "hero_image"):
        return ["" if value is None else str(value)]
    if field == "tags":
        return [edit_string_for_tags([Tag(name=name) for name in value])]
    if field == "is_lead":
        return ["on"] if value else []
    return [value]


def _load_state(article, token):
    if not token:
        return None
    try:
        return signing.loads(token, salt=_salt(article))
    except signing.BadSignature:
        return None  # a damaged note: the base version still guards the save


def _salt(article):
    return f"articles.merging.conflict:{article.pk}"


def _same(a, b):
    return all(_comparable(a.get(f, MISSING)) == _comparable(b.get(f, MISSING)) for f in FIELDS)


def _comparable(value):
    # Browsers post textareas with CRLF line ends; the same words stored with LF are the same.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _and(words):
    words = list(words)
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
