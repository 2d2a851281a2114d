"""The fact desk: names and ages in a story checked against the people database.

Everything is worked out from the text and one in-memory index of people, so a long
story against tens of thousands of people costs no query per name.
"""

import datetime
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rapidfuzz import fuzz

from articles.search import plain_text
from newsroom.sanitize import clean_html
from people.models import Person, Production, years_between

NEAR_MISS = 75  # rapidfuzz ratio (0-100) at which a name reads as a misspelling
TITLE_MATCH = 88
WORD = r"[A-Z][\w’'.-]*"
CAPITALISED_RUN = re.compile(rf"{WORD}(?:\s+{WORD})*")
POSSESSIVE = re.compile(r"[’']s?$")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’]))\s+(?=[\"'“‘]?[A-Z])")
STATED_AGE = re.compile(r"\b(\d{1,3})-year-old\b|\baged (\d{1,3})\b")
NAME_COMMA_AGE = re.compile(rf"({WORD}(?:\s+{WORD})+),\s+(\d{{1,3}}),")
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


_cache = {"signature": None, "index": None}
_lock = threading.Lock()


def people_index():
    """The index, rebuilt only when people have changed (one cheap query to tell)."""
    signature = tuple(Person.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values())
    with _lock:
        if _cache["signature"] != signature:
            rows = [
                (
                    Known(p.pk, p.name, p.slug, p.birth_date, p.death_date),
                    [p.name, *p.aliases],
                )
                for p in Person.objects.only(
                    "name", "slug", "birth_date", "death_date", "also_known_as"
                ).iterator(chunk_size=2000)
            ]
            _cache.update(signature=signature, index=PeopleIndex(rows))
        return _cache["index"]


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


@dataclass
class Mention:
    person: Known
    start: int  # position in the whole story's sentence list, for nearness


def scan_names(index, sentence, named, findings, where):
    """People named in `sentence` (exactly, or by a first or last name already used)."""
    found = []
    for run in CAPITALISED_RUN.finditer(sentence):
        words = run.group().split()
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
                    found.append(person)
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
                    found.append(person)
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
    return found


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
            people = scan_names(index, sentence, named, report.findings, where)
            check_ages(sentence, where, people, paragraphs, index, day, report.findings)
            paragraphs[-1].extend(people)
    attached = {p.pk for p in article.people.all()} if article.pk else set()
    report.suggest_people = sorted((p for p in named if p.pk not in attached), key=lambda p: p.name)
    report.suggest_productions = suggest_productions(article)
    return report


def check_ages(sentence, where, people, paragraphs, index, day, findings):
    for match in NAME_COMMA_AGE.finditer(sentence):
        person = index.exact.get(normal(match.group(1)))
        if person is not None:
            judge_age(person, int(match.group(2)), sentence, where, day, findings)
    for match in STATED_AGE.finditer(sentence):
        stated = int(match.group(1) or match.group(2))
        candidates = nearby_people(people, paragraphs)
        if not candidates:
            continue
        if any(p.age_on(day) == stated for p in candidates):
            continue
        # Nobody nearby is that age: report against the likeliest subject.
        person = min(candidates, key=lambda p: abs((p.age_on(day) or 999) - stated))
        judge_age(person, stated, sentence, where, day, findings)
    for match in THE_LATE.finditer(sentence):
        person = index.exact.get(normal(match.group(1))) or single_word_person(
            index, match.group(1), set(people)
        )
        if person is not None and not (person.death and person.death <= day):
            findings.append(
                Finding("late", where, sentence, f"“the late” is wrong: {person.facts(day)}.")
            )


def nearby_people(people, paragraphs, back=2):
    """Who an unnamed age most likely describes: people in this sentence, then earlier in
    this paragraph, then in the few paragraphs before, most recent first."""
    seen = []
    for group in [people, *(reversed(p) for p in reversed(paragraphs[-back - 1 :]))]:
        for person in group:
            if person not in seen:
                seen.append(person)
    return seen


def judge_age(person, stated, sentence, where, day, findings):
    if person.death and person.death <= day:
        findings.append(
            Finding(
                "age", where, sentence, f"An age of {stated} is given, but {person.facts(day)}."
            )
        )
    elif person.age_on(day) is not None and person.age_on(day) != stated:
        findings.append(
            Finding(
                "age",
                where,
                sentence,
                f"Stated as {stated}, but {person.facts(day)}.",
                wrong=str(stated),
                right=str(person.age_on(day)),
            )
        )


def suggest_productions(article):
    """Productions the text names (quoted or exactly) that are not attached yet."""
    attached = {p.pk for p in article.productions.all()} if article.pk else set()
    text = " ".join(t for _, t in texts_of(article))
    phrases = [normal_title(m.group(1)) for m in QUOTED_TITLE.finditer(text)]
    remaining = f" {normal_title(text)} "
    found = []
    # Longest titles first, each taking its words out of the text, so "Mission: Impossible"
    # is not also found inside "Mission: Impossible – Dead Reckoning Part One".
    productions = sorted(Production.objects.only("title", "slug"), key=lambda p: -len(p.title))
    for production in productions:
        title = normal_title(production.title)
        phrase = next((p for p in phrases if fuzz.ratio(title, p, score_cutoff=TITLE_MATCH)), None)
        if phrase is not None and f" {phrase} " in remaining:
            remaining = remaining.replace(f" {phrase} ", " ", 1)
        elif f" {title} " in remaining:
            remaining = remaining.replace(f" {title} ", " ", 1)
        else:
            continue
        if production.pk not in attached:
            found.append(production)
    return found


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
    forms = rf"\b{wrong}(?=-year-old\b)|(?<=, ){wrong}(?=,)|(?<=aged ){wrong}\b"
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


# Linking the first mention of each person and production on the public page -------------


class _Linker(HTMLParser):
    SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, targets):
        super().__init__(convert_charrefs=True)
        self.targets = targets  # [(compiled pattern, url)], each used once
        self.out = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIP
        rendered = "".join(f' {k}="{escape(v or "")}"' for k, v in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag):
        self.skipping -= tag in self.SKIP and self.skipping > 0
        self.out.append(f"</{tag}>")

    def handle_startendtag(self, tag, attrs):
        rendered = "".join(f' {k}="{escape(v or "")}"' for k, v in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_data(self, data):
        if self.skipping:
            self.out.append(escape(data))
            return
        self.out.append(self.link(data))

    def link(self, text):
        for i, (pattern, url) in enumerate(self.targets):
            if url is None:
                continue
            match = pattern.search(text)
            if match:
                self.targets[i] = (pattern, None)
                before, after = text[: match.start()], text[match.end() :]
                return (
                    self.link(before)
                    + f'<a href="{escape(url)}">{escape(match.group())}</a>'
                    + self.link(after)
                )
        return escape(text)


def link_first_mentions(body, people, productions):
    """The body with the first mention of each person and production linked to its page."""
    targets = [
        (re.compile(rf"\b{re.escape(p.name)}\b"), reverse("people:person_detail", args=[p.slug]))
        for p in people
    ] + [
        (
            re.compile(rf"\b{re.escape(p.title)}\b"),
            reverse("people:production_detail", args=[p.slug]),
        )
        for p in productions
    ]
    if not targets:
        return body
    linker = _Linker(targets)
    linker.feed(body)
    linker.close()
    return clean_html("".join(linker.out))
