"""The fact desk: names and ages in a story checked against the people database.

Everything is worked out from the text and one in-memory index of people, so a long
story against tens of thousands of people costs no query per name.
"""

import datetime
import re
import threading
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from rapidfuzz import fuzz, process

from articles.search import plain_text
from people.models import Person, Production, years_between

NEAR_MISS = 75  # rapidfuzz ratio (0-100) at which a name reads as a misspelling
TITLE_MATCH = 88
WORD = r"[A-Z][\w’'.-]*"
CAPITALISED_RUN = re.compile(rf"{WORD}(?:\s+{WORD})*")
POSSESSIVE = re.compile(r"[’']s?$")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’]))\s+(?=[\"'“‘]?[A-Z])")
# How a story states an age, named for what the number measures (see expected_ages).
# The lookahead lets the scan skip every character that cannot start one.
AGE_PHRASE = re.compile(
    r"(?=[\d,adw])(?:"
    r"\b(?P<year_old>\d{1,3})-year-old\b"  # the only form that may come before the name
    r"|\baged (?P<aged>\d{1,3})\b"
    r"|,\s+(?P<comma>\d{1,3}),"  # counts only straight after a name: "Tom Cruise, 64,"
    r"|\bwas (?P<was>\d{1,3}) when (?:he|she|they) died\b"
    r"|\bdied at (?:the age of )?(?P<died_at>\d{1,3})\b"
    r"|\bwould have (?:been|turned) (?P<would>\d{1,3})"
    r"(?=\s+(?:this|in|on|today|years?)\b|[,.;:!?)]))"
)
FORM = {
    "year_old": "now",
    "aged": "now",
    "comma": "comma",
    "was": "death",
    "died_at": "death",
    "would": "would",
}
# What may stand between a name and its age: "Tom Cruise, the 64-year-old", "Leonard
# Nimoy, who died aged 83"; "the 64-year-old actor Tom Cruise" (two words at most).
BINDS_BEFORE = re.compile(r"[\s,]*(?:(?:the|who|is|was|has|had|died)\b[\s,]*)*")
BINDS_AFTER = re.compile(r"\s+(?:[\w’'-]+\s+){0,2}")
DEATH_CUE = re.compile(r"\b(?:died|dies|death)\b")
# The year a sentence is about: "in 1969", "on 27 February 2015", "in July 2023".
YEAR = re.compile(
    r"(?=[IiOo])\b(?:[Ii]n|[Oo]n)\s+"
    r"(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?(?:\d{1,2},?\s+)?(1[89]\d\d|20\d\d)\b"
)
THE_LATE = re.compile(rf"\b[Tt]he late\s+({WORD}(?:\s+{WORD})*)")
QUOTED_TITLE = re.compile(r"['‘“\"]([^'’”\"]{3,120})['’”\"]")


@dataclass(frozen=True)
class Known:
    pk: int
    name: str
    slug: str
    birth: datetime.date | None
    death: datetime.date | None

    def age_on(self, day):
        if self.birth is None or day < self.birth or (self.death and day > self.death):
            return None
        return years_between(self.birth, day)

    def ages_in(self, year, after_death=False):
        """The ages they had during `year`: one or two, none if they were not alive then."""
        first = max(datetime.date(year, 1, 1), self.birth)
        last = datetime.date(year, 12, 31)
        if self.death and not after_death:
            last = min(last, self.death)
        if first > last:
            return set()
        return {years_between(self.birth, first), years_between(self.birth, last)}

    def facts(self, day):
        """'Tom Cruise is 64 on 24 November 2026, born 3 July 1962', or how they died."""
        born = f"born {self.birth:%-d %B %Y}" if self.birth else "birth date unknown"
        if self.death and self.death <= day:
            died = f"{self.name} died on {self.death:%-d %B %Y}"
            if self.birth:
                died += f", aged {years_between(self.birth, self.death)} ({born})"
            return died
        age = self.age_on(day)
        return f"{self.name} is {age} on {day:%-d %B %Y}, {born}" if age is not None else born


@dataclass
class Finding:
    kind: str  # "name", "age" or "late"
    where: str
    sentence: str
    message: str
    wrong: str = ""
    right: str = ""

    def as_dict(self):
        return self.__dict__.copy()


@dataclass
class Report:
    findings: list = field(default_factory=list)
    suggest_people: list = field(default_factory=list)
    suggest_productions: list = field(default_factory=list)
    day: datetime.date | None = None

    def as_dict(self):
        return {
            "day": self.day.isoformat() if self.day else None,
            "findings": [f.as_dict() for f in self.findings],
            "suggest_people": [{"id": p.pk, "name": p.name} for p in self.suggest_people],
            "suggest_productions": [
                {"id": p.pk, "title": p.title} for p in self.suggest_productions
            ],
        }


class PeopleIndex:
    """Every name and other name, by exact form and by initials, built once per change."""

    def __init__(self, rows):
        self.exact = {}
        self.by_initials = {}
        self.by_word = {}
        for person, names in rows:
            for name in names:
                key = normal(name)
                self.exact.setdefault(key, person)
                words = key.split()
                if len(words) >= 2:
                    initials = (words[0][0], words[-1][0])
                    self.by_initials.setdefault(initials, []).append((key, name, person))
        for person, names in rows:
            for word in normal(names[0]).split():
                self.by_word.setdefault(word, set()).add(person)

    def near_miss(self, text):
        """The person whose name `text` most likely misspells, and that name, or None."""
        key = normal(text)
        words = key.split()
        if len(words) < 2:
            return None
        best = None
        for candidate, name, person in self.by_initials.get((words[0][0], words[-1][0]), []):
            score = fuzz.ratio(key, candidate, score_cutoff=NEAR_MISS)
            if score and (best is None or score > best[0]):
                best = (score, name, person)
        return best[1:] if best else None


_kept = {}  # model: (signature, what was built from its rows)
_lock = threading.Lock()


def _rebuilt_when_changed(model, build):
    """build(), kept until rows of `model` are added, removed or saved: one cheap query
    tells. The desk checks a story on every open of its page, and reading the whole
    table each time cost more than the rest of the page."""
    # Two queries, not one aggregate of both: each is answered from an index.
    rows = model.objects.all()
    signature = (rows.count(), rows.aggregate(at=Max("updated_at"))["at"])
    with _lock:
        kept = _kept.get(model)
        if kept is None or kept[0] != signature:
            kept = _kept[model] = (signature, build())
        return kept[1]


def people_index():
    """The index of everyone the desk knows, rebuilt only when people have changed."""

    def build():
        people = Person.objects.only("name", "slug", "birth_date", "death_date", "also_known_as")
        return PeopleIndex(
            [
                (Known(p.pk, p.name, p.slug, p.birth_date, p.death_date), [p.name, *p.aliases])
                for p in people.iterator(chunk_size=2000)
            ]
        )

    return _rebuilt_when_changed(Person, build)


@dataclass(frozen=True)
class Titles:
    """Every production's normalised title, longest first, and where to start looking."""

    rows: list  # [(normalised title, pk)], longest title first
    names: list  # the titles alone, in the same order
    by_lead: dict  # first two words (or the one): [positions in rows], in order


def production_titles():
    """The desk's `Titles`, rebuilt only when productions change."""

    def build():
        rows = Production.objects.values_list("title", "pk").iterator(chunk_size=2000)
        rows = [(normal_title(t), pk) for t, pk in sorted(rows, key=lambda row: -len(row[0]))]
        by_lead = {}
        for position, (title, _) in enumerate(rows):
            if title:
                by_lead.setdefault(lead(title.split(" ")), []).append(position)
        return Titles(rows, [title for title, _ in rows], by_lead)

    return _rebuilt_when_changed(Production, build)


def normal(text):
    """Lower case, without possessives or the full stop that ends a sentence."""
    words = (POSSESSIVE.sub("", w.rstrip(".,;:!?")) for w in text.replace("’", "'").split())
    return " ".join(words).lower()


def story_day(article):
    """The day the story is read on: when it goes live, or today if not scheduled."""
    if article.publish_at:
        return timezone.localtime(article.publish_at).date()
    return timezone.localdate()


def texts_of(article):
    """(where, paragraph) pairs: everything a reader reads."""
    caption = article.hero_caption or (article.hero_image.caption if article.hero_image else "")
    parts = [("headline", article.headline), ("standfirst", article.standfirst)]
    if caption:
        parts.append(("caption", caption))
    body = re.split(r"</(?:p|h\d|li|blockquote)>", article.body or "")
    parts += [("body", plain_text(chunk).strip()) for chunk in body if plain_text(chunk).strip()]
    return parts


def sentences(paragraph):
    return [s for s in SENTENCE_END.split(paragraph) if s.strip()]


@dataclass(frozen=True)
class Mention:
    person: Known
    start: int  # where the name starts and ends in its sentence
    end: int
    possessive: bool = False  # "Tom Cruise's": the words after it are not about him


def scan_names(index, sentence, named, findings, where):
    """Mentions of people in `sentence` (exactly, or by a first or last name already used)."""
    found = []
    for run in CAPITALISED_RUN.finditer(sentence):
        places = list(re.finditer(r"\S+", run.group()))
        words = [place.group() for place in places]
        used = [False] * len(words)
        # Longest exact names first: "Hayley Atwell's Grace" is Hayley Atwell.
        for size in range(min(len(words), 5), 0, -1):
            for i in range(len(words) - size + 1):
                if any(used[i : i + size]):
                    continue
                span = " ".join(words[i : i + size])
                person = index.exact.get(normal(span)) if size > 1 else None
                if person is None and size == 1:
                    person = single_word_person(index, span, named)
                if person is not None:
                    used[i : i + size] = [True] * size
                    found.append(mention(person, run, places[i : i + size]))
                    if size > 1:
                        named.add(person)
        for size in (3, 2):
            for i in range(len(words) - size + 1):
                if any(used[i : i + size]):
                    continue
                span = " ".join(POSSESSIVE.sub("", w.rstrip(".,;:!?")) for w in words[i : i + size])
                miss = index.near_miss(span)
                if miss:
                    name, person = miss
                    used[i : i + size] = [True] * size
                    found.append(mention(person, run, places[i : i + size]))
                    named.add(person)
                    findings.append(
                        Finding(
                            "name",
                            where,
                            sentence,
                            f"“{span}” looks like a misspelling of {name}.",
                            span,
                            name,
                        )
                    )
    return sorted(found, key=lambda m: m.start)


def mention(person, run, places):
    """`person`, named by the words at `places` in the capitalised `run`."""
    possessive = POSSESSIVE.search(places[-1].group().rstrip(".,;:!?"))
    start, end = run.start() + places[0].start(), run.start() + places[-1].end()
    return Mention(person, start, end, bool(possessive))


def single_word_person(index, word, named):
    """ "Pom" or "Klementieff" alone means someone the story has already named in full."""
    people = index.by_word.get(normal(word), set()) & named
    return next(iter(people)) if len(people) == 1 else None


def check(article, day=None):
    """Every finding and suggestion for `article` as it would read on `day`."""
    day = day or story_day(article)
    index = people_index()
    report = Report(day=day)
    named = set()
    paragraphs = []  # people named in each paragraph so far, in order
    for where, paragraph in texts_of(article):
        paragraphs.append([])
        for sentence in sentences(paragraph):
            mentions = scan_names(index, sentence, named, report.findings, where)
            check_ages(sentence, where, mentions, paragraphs, day, report.findings)
            people = [m.person for m in mentions]
            check_the_late(sentence, where, people, index, day, report.findings)
            paragraphs[-1].extend(people)
    attached = {p.pk for p in article.people.all()} if article.pk else set()
    report.suggest_people = sorted((p for p in named if p.pk not in attached), key=lambda p: p.name)
    report.suggest_productions = suggest_productions(article)
    return report


def check_ages(sentence, where, mentions, paragraphs, day, findings):
    stated = stated_ages(sentence, mentions)
    years = [int(y) for y in YEAR.findall(sentence)] if stated else []
    for age in stated:
        person, not_theirs = subject_of(sentence, age, mentions)
        if person is not None:
            candidates = [person]
        elif age.form == "comma":
            continue
        else:
            candidates = [p for p in nearest_first(age, mentions, paragraphs) if p != not_theirs]
        judged = []  # (how far off, the right ages, why), nearest name first
        for candidate in candidates:
            expected = expected_ages(candidate, age.form, years, day)
            if expected is not None:
                fits, why = expected
                judged.append((min(abs(n - age.number) for n in fits), fits, why))
        # An age written next to a name is that person's. One with no name beside it passes
        # if it fits anyone nearby; if not, it is reported against the person whose age is
        # closest, the nearest name on a tie.
        if not judged or any(off == 0 for off, _, _ in judged):
            continue
        _, fits, why = min(judged, key=lambda j: j[0])
        right = str(next(iter(fits))) if len(fits) == 1 else ""
        message = f"Stated as {age.number}, but {why}."
        findings.append(Finding("age", where, sentence, message, str(age.number), right))


@dataclass(frozen=True)
class StatedAge:
    number: int
    form: str  # "now", "comma", "death" or "would": see expected_ages
    start: int
    end: int
    before_name: bool = False  # "the 64-year-old Cruise"


def stated_ages(sentence, mentions):
    """Every age `sentence` states, in order; "aged 83" after "died" is an age at death."""
    found = []
    for match in AGE_PHRASE.finditer(sentence):
        start, end = match.span()
        form = FORM[match.lastgroup]
        since = max((m.end for m in mentions if m.end <= start), default=0)
        if form == "now" and DEATH_CUE.search(sentence, since, start):
            form = "death"
        before_name = match.lastgroup == "year_old"
        found.append(StatedAge(int(match[match.lastgroup]), form, start, end, before_name))
    return found


def subject_of(sentence, age, mentions):
    """(whose the age is, whose it is not): "Tom Cruise, 64," and "the 64-year-old Cruise"
    are his age; "Tom Cruise's 40-year-old co-star" is someone else's."""
    if age.before_name:
        for m in mentions:
            if m.start >= age.end and BINDS_AFTER.fullmatch(sentence[age.end : m.start]):
                return m.person, None
    before = [m for m in mentions if m.end <= age.start]
    if before and BINDS_BEFORE.fullmatch(sentence[before[-1].end : age.start]):
        return (None, before[-1].person) if before[-1].possessive else (before[-1].person, None)
    return None, None


def nearest_first(age, mentions, paragraphs):
    """Who an age with no name beside it may describe, the nearest name in its sentence first."""

    def gap(m):
        return age.start - m.end if m.end <= age.start else m.start - age.end

    return nearby_people([m.person for m in sorted(mentions, key=gap)], paragraphs)


def nearby_people(people, paragraphs, back=2):
    """People in this sentence, then earlier in this paragraph, then in the few paragraphs
    before, most recent first."""
    seen = []
    for group in [people, *(reversed(p) for p in reversed(paragraphs[-back - 1 :]))]:
        for person in group:
            if person not in seen:
                seen.append(person)
    return seen


def expected_ages(person, form, years, day):
    """The ages a phrase of `form` may rightly give `person`, and why; None if not judged.

    "now" and "comma" ages fit the story's day (the age at death for someone who has died)
    or any year the sentence names ("In 1969, the 38-year-old Leonard Nimoy"); "death" is
    the age at death; "would" what someone dead would have reached this year or in the
    year named.
    """
    if person.birth is None:
        return None
    dead = person.death is not None and person.death <= day
    if form == "would":
        if not dead:
            return None
        when = years or [day.year]
        ages = set().union(*(person.ages_in(year, after_death=True) for year in when))
        born = f"born {person.birth:%-d %B %Y}"
        why = f"{person.name} would have been {either(ages)} in {either(when)}, {born}"
        return (ages, why) if ages else None
    if form == "death":
        return ({years_between(person.birth, person.death)}, person.facts(day)) if dead else None
    ages = {years_between(person.birth, person.death) if dead else person.age_on(day)} - {None}
    why = person.facts(day)
    for year in years:
        during = person.ages_in(year)
        if during:
            ages |= during
            why += f", and was {either(during)} in {year}"
    return (ages, why) if ages else None


def either(numbers):
    return " or ".join(str(n) for n in sorted(set(numbers)))


def check_the_late(sentence, where, people, index, day, findings):
    for match in THE_LATE.finditer(sentence):
        person = index.exact.get(normal(match.group(1))) or single_word_person(
            index, match.group(1), set(people)
        )
        if person is not None and not (person.death and person.death <= day):
            findings.append(
                Finding("late", where, sentence, f"“the late” is wrong: {person.facts(day)}.")
            )


def suggest_productions(article):
    """Productions the text names (quoted or exactly) that are not attached yet."""
    attached = {p.pk for p in article.productions.all()} if article.pk else set()
    text = " ".join(t for _, t in texts_of(article))
    phrases = [normal_title(m.group(1)) for m in QUOTED_TITLE.finditer(text)]
    remaining = f" {normal_title(text)} "
    titles = production_titles()
    # Only titles that can be in the text are tried: those whose first two words it has,
    # and those near a quoted phrase (scored all at once by rapidfuzz).
    near = [
        {
            position
            for _, _, position in process.extract(
                phrase, titles.names, scorer=fuzz.ratio, score_cutoff=TITLE_MATCH, limit=None
            )
        }
        for phrase in phrases
    ]
    tried = set().union(*near)
    words = remaining.split()
    for at in range(len(words)):
        tried.update(titles.by_lead.get(lead(words[at : at + 1]), ()))
        tried.update(titles.by_lead.get(lead(words[at : at + 2]), ()))
    found = []
    # Longest titles first, each taking its words out of the text, so "Mission: Impossible"
    # is not also found inside "Mission: Impossible – Dead Reckoning Part One".
    for position in sorted(tried):
        title, pk = titles.rows[position]
        close_to = (p for p, close in zip(phrases, near, strict=True) if position in close)
        phrase = next(close_to, None)
        if phrase is not None and f" {phrase} " in remaining:
            remaining = remaining.replace(f" {phrase} ", " ", 1)
        elif f" {title} " in remaining:
            remaining = remaining.replace(f" {title} ", " ", 1)
        else:
            continue
        if pk not in attached:
            found.append(pk)
    by_pk = Production.objects.only("title", "slug").in_bulk(found) if found else {}
    return [by_pk[pk] for pk in found if pk in by_pk]


def lead(words):
    return " ".join(words[:2])


def normal_title(text):
    return " ".join(re.findall(r"\w+", text.lower()))


# One-click fixes ---------------------------------------------------------------------------


def fix_name(article, wrong, right):
    """Replace a misspelt name in every field a reader reads."""
    pattern = re.compile(rf"\b{re.escape(wrong)}\b")
    for field_name in ("headline", "standfirst", "body", "hero_caption"):
        setattr(article, field_name, pattern.sub(right, getattr(article, field_name)))


def fix_age(article, wrong, right, sentence):
    """Replace a stated age in the paragraph the finding quoted, nowhere else."""
    forms = (
        rf"\b{wrong}(?=-year-old\b)|(?<=, ){wrong}(?=,)|(?<=aged ){wrong}\b"
        rf"|(?<=was ){wrong}(?= when)|(?<=died at ){wrong}\b|(?<=age of ){wrong}\b"
        rf"|(?<=have been ){wrong}\b|(?<=have turned ){wrong}\b"
    )
    for field_name in ("headline", "standfirst", "hero_caption"):
        text = getattr(article, field_name)
        if sentence in text:
            setattr(article, field_name, re.sub(forms, right, text, count=1))
            return True
    chunks = re.split(r"(</p>)", article.body)
    for i, chunk in enumerate(chunks):
        if sentence in plain_text(chunk):
            chunks[i] = re.sub(forms, right, chunk, count=1)
            article.body = "".join(chunks)
            return True
    return False
