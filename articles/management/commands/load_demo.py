"""Demo sections, people, productions, authors, pictures and stories for a fresh install.

Safe to run repeatedly: rows are found by slug (pictures by original file name)
and only missing ones are created; existing rows are never changed.
"""

import datetime
import io
import random
from collections import Counter

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from articles.bylines import set_bylines
from articles.models import Article, Section
from authors.models import Author
from awards.demo import load_awards_night
from newsroom.models import Image
from people.models import Credit, Person, Production

POM, CRUISE, MCQ = "pom-klementieff", "tom-cruise", "christopher-mcquarrie"
ATWELL, NIMOY = "hayley-atwell", "leonard-nimoy"
DR = "mission-impossible-dead-reckoning-part-one"
TV_1966 = "mission-impossible-1966"
IMAGE_CREDIT = "Gossip Desk illustration"

SECTIONS = [
    {"slug": "film", "name": "Film", "order": 10, "description": "Casting, shoots and releases."},
    {"slug": "tv", "name": "TV", "order": 20, "description": "Series old and new."},
    {"slug": "music", "name": "Music", "order": 30, "description": "Records, themes and tours."},
    {"slug": "royals", "name": "Royals", "order": 40, "description": "Royal engagements."},
    {"slug": "style", "name": "Style", "order": 50, "description": "Costumes, cars and looks."},
]

PEOPLE = [
    {
        "slug": POM,
        "name": "Pom Klementieff",
        "photo": "demo-portrait-pom.jpg",
        "birth_date": datetime.date(1986, 5, 3),
        "birthplace": "Quebec City, Canada",
        "bio": "French actor born in Quebec City and raised in France. She plays Mantis in "
        "Marvel's Guardians of the Galaxy films and the assassin Paris in Mission: Impossible.",
    },
    {
        "slug": CRUISE,
        "name": "Tom Cruise",
        "photo": "demo-portrait-cruise.jpg",
        "wikidata_id": "Q37079",
        "imdb_id": "nm0000129",
        "also_known_as": "Thomas Cruise Mapother IV",
        "birth_date": datetime.date(1962, 7, 3),
        "birthplace": "Syracuse, New York",
        "bio": "American actor and producer. He has played Ethan Hunt in the Mission: Impossible "
        "films since 1996 and performs many of his own stunts.",
    },
    {
        "slug": MCQ,
        "name": "Christopher McQuarrie",
        "photo": "demo-portrait-mcquarrie.jpg",
        "birth_date": datetime.date(1968, 10, 25),
        "birthplace": "Princeton, New Jersey",
        "bio": "American screenwriter and director who won an Academy Award for the screenplay "
        "of The Usual Suspects. He has directed several Mission: Impossible films.",
    },
    {
        "slug": ATWELL,
        "name": "Hayley Atwell",
        "photo": "demo-portrait-atwell.jpg",
        "birth_date": datetime.date(1982, 4, 5),
        "birthplace": "London",
        "bio": "British actor known for playing Peggy Carter in Marvel's films and television "
        "series. She plays Grace in Mission: Impossible – Dead Reckoning Part One.",
    },
    {
        "slug": NIMOY,
        "name": "Leonard Nimoy",
        "photo": "demo-portrait-nimoy.jpg",
        "imdb_id": "nm0000559",
        "birth_date": datetime.date(1931, 3, 26),
        "death_date": datetime.date(2015, 2, 27),
        "birthplace": "Boston, Massachusetts",
        "bio": "American actor and director, best known as Spock in Star Trek. He played the "
        "Great Paris, a master of disguise, in the original Mission: Impossible series.",
    },
]

PRODUCTIONS = [
    {
        "slug": DR,
        "title": "Mission: Impossible – Dead Reckoning Part One",
        "kind": Production.Kind.FILM,
        "poster": "demo-poster-dead-reckoning.jpg",
        "imdb_id": "tt9603212",
        "release_date": datetime.date(2023, 7, 12),
        "franchise": "Mission: Impossible",
        "synopsis": "Ethan Hunt and his team race across Europe to find a key that controls a "
        "dangerous artificial intelligence before anyone else can claim it.",
    },
    {
        "slug": TV_1966,
        "title": "Mission: Impossible",
        "kind": Production.Kind.TV,
        "poster": "demo-poster-1966.jpg",
        "imdb_id": "tt0060009",
        "release_date": datetime.date(1966, 9, 17),
        "franchise": "Mission: Impossible",
        "synopsis": "A small team of specialists, the Impossible Missions Force, carries out "
        "elaborate covert operations, each briefed by a recording that destroys itself.",
    },
]

# (person slug, production slug, role, character, billing)
CREDITS = [
    (CRUISE, DR, Credit.Role.ACTOR, "Ethan Hunt", 1),
    (ATWELL, DR, Credit.Role.ACTOR, "Grace", 2),
    (POM, DR, Credit.Role.ACTOR, "Paris", 5),
    (MCQ, DR, Credit.Role.DIRECTOR, "", 50),
    (MCQ, DR, Credit.Role.WRITER, "", 51),
    (NIMOY, TV_1966, Credit.Role.ACTOR, "The Great Paris", 10),
]

# Two of the desk's own (make_demo_logins links the demo logins of the same names), a
# freelancer and the agency's copy, who have no login.
WENDY, EDDIE, MARTA, AGENCY = "wendy-writer", "eddie-editor", "marta-lindqvist", "agency-reporter"
AUTHORS = [
    {
        "slug": WENDY,
        "name": "Wendy Writer",
        "job_title": "Entertainment reporter",
        "bio": "Wendy covers film sets, premieres and the people on both sides of the camera.",
        "photo": "demo-portrait-wendy.jpg",
        "website": "https://wendy-writer.example.org/",
    },
    {"slug": EDDIE, "name": "Eddie Editor", "job_title": "Film editor"},
    {
        "slug": MARTA,
        "name": "Marta Lindqvist",
        "job_title": "Freelance film and television writer",
        "bio": "Marta writes about television history and the people who made it.",
    },
    {"slug": AGENCY, "name": "Agency reporter", "job_title": "Agency copy, edited by the desk"},
]

# Bodies are wrapped to fit the source file; whitespace is collapsed before saving.
ARTICLES = [
    {
        "slug": "pom-klementieff-asked-tom-cruise-to-kick-her",
        "bylines": [AGENCY, WENDY],
        "headline": "Pom Klementieff asked Tom Cruise to land a real kick. He said no",
        "standfirst": "The actor who plays the assassin Paris in Dead Reckoning Part One says she "
        "braced her stomach and told her co-star to go for it during their fight in Venice.",
        "section": "film",
        "hours_ago": 1,
        "is_lead": True,
        "image": "demo-hero.jpg",
        "hero_caption": "A dusk street and a small yellow car: the ingredients of the Rome chase "
        "Klementieff calls her favourite day on set.",
        "source": "Entertainment Weekly interview via agency copy",
        "tags": ["Mission: Impossible", "Stunts", "Interviews"],
        "people": [POM, CRUISE, MCQ, ATWELL, NIMOY],
        "productions": [DR, TV_1966],
        "body": """
<p>Pom Klementieff wanted her fight with Tom Cruise in <em>Mission: Impossible – Dead Reckoning
Part One</em> to look as real as it could, and she was ready to take a blow for it. Cruise, who
is known for doing his own stunts, was not prepared to kick a colleague.</p>
<p>Talking to Entertainment Weekly, Klementieff said that while they shot the brawl in Venice she
kept pointing at her midriff and urging him to aim there. She tensed her stomach and promised it
would help her performance, she recalled, but he turned her down every time.</p>
<h2>A character who breaks things</h2>
<p>Klementieff plays Paris, an assassin who leaves a trail of damage wherever she goes. The
director, Christopher McQuarrie, described her as a force of chaos in the story: however far
back in the frame she stands, he said, viewers keep watching her because they cannot tell what
she will do next.</p>
<p>The actor called Paris a gifted, rebellious killer with a lonely side, and said she liked how
different the character's look and attitude are from those of the other women in the series.
Paris, in her telling, has a punk streak and does not care what anyone thinks.</p>
<h2>A name with a history</h2>
<p>The name nods to the original <em>Mission: Impossible</em> television series, in which
Leonard Nimoy played the Great Paris. Klementieff said McQuarrie had not chosen a name when he
cast her; Paris suited an actor who grew up in France, and because she speaks French in real
life, the film has her speak it too.</p>
<p>Her favourite scene was shot in Rome, where she drove a Humvee after a tiny yellow Fiat
carrying Cruise's Ethan Hunt and Hayley Atwell's Grace. Filming took place during the pandemic,
and she said she felt lucky to be on location at all, and had trouble keeping a straight face
behind the wheel because she was enjoying herself so much.</p>
""",
    },
    {
        "slug": "leonard-nimoy-the-great-paris-mission-impossible",
        "bylines": [MARTA],
        "headline": "Before Dead Reckoning, Leonard Nimoy was the original Paris",
        "standfirst": "The name of Pom Klementieff's assassin comes from the 1966 television "
        "series, where Nimoy played a magician turned master of disguise.",
        "section": "tv",
        "hours_ago": 50,
        "image": "demo-fuse.jpg",
        "tags": ["Mission: Impossible", "Retro TV"],
        "people": [NIMOY, MCQ, POM],
        "productions": [TV_1966, DR],
        "body": """
<p><em>Mission: Impossible</em> first aired on CBS on 17 September 1966. Each episode began with
a recorded briefing that destroyed itself once played, followed by a carefully staged sting
carried out by a small team of specialists.</p>
<p>Leonard Nimoy joined the cast in 1969 for the fourth season, soon after the original run of
<em>Star Trek</em> ended. He played the Great Paris, a former stage magician whose gift for
impersonation made him the team's master of disguise, and stayed for two seasons.</p>
<p>The series ran until 1973. More than fifty years later, Christopher McQuarrie borrowed the
name for Pom Klementieff's character in <em>Dead Reckoning Part One</em>.</p>
""",
    },
    {
        "slug": "dead-reckoning-yellow-fiat-rome-chase",
        "bylines": [WENDY],
        "headline": "The tiny yellow Fiat that stole the Rome chase",
        "standfirst": "Action films usually favour muscle cars. Dead Reckoning Part One sends its "
        "heroes through Rome in something much smaller.",
        "section": "style",
        "hours_ago": 60,
        "tags": ["Mission: Impossible", "Cars"],
        "people": [CRUISE, ATWELL, POM],
        "productions": [DR],
        "body": """
<p>In the Rome sequence of <em>Mission: Impossible – Dead Reckoning Part One</em>, Tom Cruise's
Ethan Hunt and Hayley Atwell's Grace make their escape in a classic Fiat 500 painted a bright,
cheerful yellow.</p>
<p>The joke is in the scale. Behind them comes Paris, played by Pom Klementieff, driving a
Humvee many times the Fiat's size. Klementieff has said the chase was her favourite part of the
shoot.</p>
<p>Paris brings her own look to the series: a punk edge that, in Klementieff's words, sets her
apart from every other woman in the franchise.</p>
""",
    },
    {
        "slug": "hayley-atwell-grace-dead-reckoning",
        "bylines": [MARTA, WENDY],
        "headline": "Hayley Atwell's Grace: a thief caught up in Ethan Hunt's world",
        "standfirst": "Atwell joined the Mission: Impossible films in Dead Reckoning Part One as "
        "Grace, a skilled thief whose path keeps crossing Ethan Hunt's.",
        "section": "film",
        "hours_ago": 72,
        "tags": ["Mission: Impossible", "Casting"],
        "people": [ATWELL, CRUISE, POM],
        "productions": [DR],
        "body": """
<p>Hayley Atwell made her <em>Mission: Impossible</em> debut in <em>Dead Reckoning Part
One</em>, released in July 2023. She plays Grace, a professional thief drawn into the hunt for a
key that several powerful players want.</p>
<p>Grace spends much of the film alongside Tom Cruise's Ethan Hunt, including the Rome chase in
which the pair flee in a small yellow Fiat while Pom Klementieff's Paris follows in a
Humvee.</p>
<p>The London-born actor is also known for playing Peggy Carter in Marvel's films and
television series.</p>
""",
    },
    {
        "slug": "christopher-mcquarrie-tom-cruise-partnership",
        "bylines": [EDDIE],
        "headline": "Christopher McQuarrie and Tom Cruise: a long partnership",
        "standfirst": "The writer-director has steered the Mission: Impossible films since 2015, "
        "after earlier projects with their star.",
        "section": "film",
        "hours_ago": 84,
        "tags": ["Mission: Impossible", "Directors"],
        "people": [MCQ, CRUISE],
        "productions": [DR],
        "body": """
<p>Christopher McQuarrie first worked with Tom Cruise as a co-writer of <em>Valkyrie</em>, and
went on to write and direct <em>Jack Reacher</em> in 2012 with Cruise in the title role.</p>
<p>He took charge of the <em>Mission: Impossible</em> series with <em>Rogue Nation</em> in 2015
and returned for <em>Fallout</em> in 2018, the first director to make more than one film in the
franchise.</p>
<p>On <em>Dead Reckoning Part One</em> he is credited as director and as one of the
writers.</p>
""",
    },
    {
        "slug": "mission-impossible-theme-counts-in-fives",
        "headline": "Counting in fives: the rhythm behind the Mission: Impossible theme",
        "standfirst": "The tune written for the 1966 series uses an unusual time signature, and "
        "the films have kept it at their heart.",
        "section": "music",
        "hours_ago": 96,
        "tags": ["Mission: Impossible", "Soundtracks"],
        "people": [CRUISE],
        "productions": [TV_1966, DR],
        "body": """
<p>Most popular music moves in groups of two, three or four beats. The theme from the original
<em>Mission: Impossible</em> series is written in 5/4, five beats to the bar, which gives its
famous figure a restless, slightly lopsided drive.</p>
<p>On television it played under an opening sequence built around a burning fuse. When Tom
Cruise brought the series to cinemas in 1996, the theme came too, and each film since has
arranged it afresh, <em>Dead Reckoning Part One</em> included.</p>
""",
    },
    # Three stories still on the desk, so each demo login has something to do.
    {
        "slug": "tom-cruise-ethan-hunt-since-1996",
        "bylines": [WENDY],
        "headline": "Ethan Hunt: the role Tom Cruise has kept coming back to",
        "standfirst": "Cruise first played the agent in 1996 and has returned to him through "
        "every film in the series since.",
        "section": "film",
        "status": "approved",
        "tags": ["Mission: Impossible"],
        "people": [CRUISE],
        "productions": [DR],
        "body": """
<p>When the <em>Mission: Impossible</em> films began in 1996, Tom Cruise was both the star and
a producer, and Ethan Hunt has been his ever since.</p>
<p>The character has changed teams, partners and directors over the years, but each film has
kept the same promise: practical stunts, performed for real wherever it can be done.</p>
""",
    },
    {
        "slug": "leonard-nimoy-two-seasons-as-paris",
        "bylines": [MARTA],
        "headline": "Two seasons of disguises: Leonard Nimoy as the Great Paris",
        "standfirst": "Nimoy joined the original series in 1969 and stayed for two seasons.",
        "section": "tv",
        "status": "review",
        "tags": ["Mission: Impossible", "Television history"],
        "people": [NIMOY],
        "productions": [TV_1966],
        "body": """
<p>Leonard Nimoy joined <em>Mission: Impossible</em> at the start of its fourth season, in 1969,
as the Great Paris, a magician who could become almost anyone the plan needed.</p>
<p>He stayed for two seasons, playing a different disguise nearly every week.</p>
""",
    },
    {
        "slug": "paris-punk-look-dead-reckoning",
        "bylines": [WENDY],
        "headline": "Leather, kohl and attitude: the look of Paris",
        "standfirst": "Pom Klementieff says her assassin has a punk streak that sets her apart "
        "from the franchise's other women.",
        "section": "style",
        "status": "draft",
        "tags": ["Style", "Mission: Impossible"],
        "people": [POM],
        "productions": [DR],
        "body": """
<p>Klementieff has described Paris as more punk than any woman the series has shown before:
someone who does not care what anyone thinks of her.</p>
""",
    },
]


def _gradient(size, top, bottom):
    """A picture fading vertically from colour `top` to colour `bottom`."""
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return picture


def _draw_car(draw, left, ground, length):
    """A small yellow car with its wheels resting on `ground`."""
    yellow, height = (250, 204, 40), length * 0.32
    roof, waist = ground - height * 1.25, ground - height * 0.75
    draw.rounded_rectangle([left, waist, left + length, ground - 5], radius=20, fill=yellow)
    draw.rounded_rectangle(
        [left + length * 0.22, roof, left + length * 0.72, waist + 5], 30, yellow
    )
    glass = [left + length * 0.27, roof + height * 0.12, left + length * 0.67, waist]
    draw.rounded_rectangle(glass, radius=12, fill=(170, 205, 225))
    r = height * 0.22
    for x in (left + length * 0.22, left + length * 0.78):
        draw.ellipse([x - r, ground - 2 * r, x + r, ground], fill=(25, 25, 30))


def draw_street(size):
    """Dusk over a city street, buildings with lit windows and a small yellow car."""
    width, height = size
    picture = _gradient(size, (40, 30, 85), (250, 150, 95))
    draw = ImageDraw.Draw(picture)
    horizon = height * 0.7
    # A fixed seed keeps the skyline identical on every install.
    rng = random.Random(1966)
    x = 0
    while x < width:
        block_width = rng.randint(width // 14, width // 8)
        top = horizon - rng.randint(height // 5, height // 2)
        draw.rectangle([x, top, x + block_width, horizon], fill=(45, 30, 60))
        for wy in range(int(top) + 20, int(horizon) - 20, 40):
            for wx in range(x + 15, x + block_width - 20, 35):
                if rng.random() < 0.4:
                    draw.rectangle([wx, wy, wx + 14, wy + 20], fill=(255, 210, 120))
        x += block_width + rng.randint(0, 12)
    draw.rectangle([0, horizon, width, height], fill=(55, 50, 65))
    for dash in range(0, width, 120):
        draw.rectangle([dash, height * 0.86, dash + 60, height * 0.87], fill=(235, 225, 200))
    _draw_car(draw, width * 0.55, height * 0.95, width * 0.16)
    return picture


def draw_fuse(size):
    """A lit fuse snaking across a dark teal background."""
    width, height = size
    picture = _gradient(size, (10, 45, 55), (20, 90, 100))
    draw = ImageDraw.Draw(picture)
    points = [(x, height * 0.6 + (x % 200 - 100) * 0.5) for x in range(0, int(width * 0.7), 100)]
    draw.line(points, fill=(230, 220, 190), width=10, joint="curve")
    spark_x, spark_y = points[-1]
    for radius, colour in ((60, (255, 140, 30)), (35, (255, 200, 60)), (15, (255, 250, 220))):
        box = [spark_x - radius, spark_y - radius, spark_x + radius, spark_y + radius]
        draw.ellipse(box, fill=colour)
    return picture


def draw_portrait(colours):
    """A head-and-shoulders silhouette: the demo has no photographs of real people."""

    def draw(size):
        width, height = size
        picture = _gradient(size, *colours)
        draw = ImageDraw.Draw(picture)
        shade = (35, 28, 40)
        head = width * 0.2
        centre = width / 2
        draw.ellipse([centre - head, height * 0.2, centre + head, height * 0.2 + 2.4 * head], shade)
        shoulders = [width * 0.12, height * 0.72, width * 0.88, height * 1.3]
        draw.ellipse(shoulders, fill=shade)
        return picture

    return draw


def draw_poster(title, colours):
    """A poster: the title in large letters over a fuse."""

    def draw(size):
        width, height = size
        picture = _gradient(size, *colours)
        draw = ImageDraw.Draw(picture)
        draw.line([(width * 0.1, height * 0.8), (width * 0.9, height * 0.7)], (230, 220, 190), 8)
        draw.ellipse([width * 0.85, height * 0.66, width * 0.95, height * 0.74], (255, 170, 40))
        font = ImageFont.load_default(size=round(width * 0.11))
        lines = title.split("\n")
        for number, line in enumerate(lines):
            left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
            x = (width - (right - left)) / 2 - left
            y = height * 0.15 + number * (bottom - top) * 1.3
            draw.text((x, y), line, font=font, fill=(255, 255, 255))
        return picture

    return draw


PORTRAIT = "Illustrated silhouette standing in for a photograph of {name}."
PORTRAITS = [
    ("demo-portrait-pom.jpg", "Pom Klementieff", ((120, 40, 90), (240, 150, 180))),
    ("demo-portrait-cruise.jpg", "Tom Cruise", ((30, 60, 110), (140, 190, 230))),
    ("demo-portrait-mcquarrie.jpg", "Christopher McQuarrie", ((40, 80, 60), (170, 210, 170))),
    ("demo-portrait-atwell.jpg", "Hayley Atwell", ((110, 70, 20), (240, 200, 120))),
    ("demo-portrait-nimoy.jpg", "Leonard Nimoy", ((60, 60, 70), (190, 190, 200))),
    ("demo-portrait-wendy.jpg", "Wendy Writer", ((90, 40, 120), (210, 170, 240))),
]

IMAGES = [
    {
        "filename": "demo-hero.jpg",
        "size": (1600, 900),
        "draw": draw_street,
        "alt_text": "Illustration of a city street at dusk, with tall buildings and lit windows "
        "behind a small yellow car on the road.",
        "caption": "A small yellow car on a city street at dusk.",
    },
    {
        "filename": "demo-fuse.jpg",
        "size": (1200, 800),
        "draw": draw_fuse,
        "alt_text": "Illustration of a lit fuse burning across a dark teal background.",
        "caption": "A burning fuse, as in the opening titles of the 1966 series.",
    },
    {
        "filename": "demo-poster-dead-reckoning.jpg",
        "size": (600, 900),
        "draw": draw_poster("DEAD\nRECKONING", ((20, 20, 30), (150, 30, 40))),
        "alt_text": "Illustrated poster: the words Dead Reckoning above a burning fuse.",
        "caption": "Dead Reckoning Part One, as the demo's illustrator drew it.",
    },
    {
        "filename": "demo-poster-1966.jpg",
        "size": (600, 900),
        "draw": draw_poster("MISSION:\nIMPOSSIBLE\n1966", ((10, 45, 55), (20, 90, 100))),
        "alt_text": "Illustrated poster: the words Mission: Impossible 1966 above a burning fuse.",
        "caption": "The 1966 series, as the demo's illustrator drew it.",
    },
    *(
        {
            "filename": filename,
            "size": (600, 750),
            "draw": draw_portrait(colours),
            "alt_text": PORTRAIT.format(name=name),
            "caption": "",
        }
        for filename, name, colours in PORTRAITS
    ),
]


def _jpeg_bytes(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def ensure_rows(model, rows, created, label, pictures, picture_field):
    """Create each row missing by slug, with its picture; return {slug: object}.

    The demo's people and productions are well known: public with or without a story.
    """
    found = {}
    for row in rows:
        fields = dict(row)
        if any(field.name == "shown_publicly" for field in model._meta.fields):
            fields.setdefault("shown_publicly", True)
        slug = fields.pop("slug")
        fields[picture_field] = pictures.get(fields.pop(picture_field, None))
        found[slug], was_created = model.objects.get_or_create(slug=slug, defaults=fields)
        created[label] += was_created
    return found


def ensure_credits(people, productions, created):
    for person, production, role, character, billing in CREDITS:
        _, was_created = Credit.objects.get_or_create(
            person=people[person],
            production=productions[production],
            role=role,
            character=character,
            defaults={"billing": billing},
        )
        created["credits"] += was_created


def ensure_image(spec, created):
    """Find the picture by its original file name, drawing and saving it if missing."""
    image = Image.objects.filter(original_filename=spec["filename"]).first()
    if image:
        return image
    created["images"] += 1
    return Image.objects.create(
        file=ContentFile(_jpeg_bytes(spec["draw"](spec["size"])), name=spec["filename"]),
        alt_text=spec["alt_text"],
        caption=spec["caption"],
        credit=IMAGE_CREDIT,
    )


def ensure_article(spec, now, found, created):
    if Article.objects.filter(slug=spec["slug"]).exists():
        return
    status = spec.get("status", Article.Status.PUBLISHED)
    live = status == Article.Status.PUBLISHED
    publish_at = now - datetime.timedelta(hours=spec["hours_ago"]) if live else None
    article = Article.objects.create(
        headline=spec["headline"],
        slug=spec["slug"],
        standfirst=spec["standfirst"],
        body=" ".join(spec["body"].split()),
        section=found["sections"][spec["section"]],
        hero_image=found["images"].get(spec.get("image")),
        hero_caption=spec.get("hero_caption", ""),
        source=spec.get("source", ""),
        is_lead=spec.get("is_lead", False),
        status=status,
        publish_at=publish_at,
    )
    article.tags.add(*spec["tags"])
    article.people.set([found["people"][slug] for slug in spec["people"]])
    article.productions.set([found["productions"][slug] for slug in spec["productions"]])
    set_bylines(article, [found["authors"][slug] for slug in spec.get("bylines", [])])
    # auto_now stamps the creation time; match publish_at so pages show no "Updated" line.
    if live:
        Article.objects.filter(pk=article.pk).update(
            updated_at=publish_at, first_published_at=publish_at
        )
    created["articles"] += 1


def load_demo(now):
    """Create whatever demo rows are missing; return a Counter of what was created."""
    created = Counter()
    pictures = {spec["filename"]: ensure_image(spec, created) for spec in IMAGES}
    sections = {}
    for row in SECTIONS:
        sections[row["slug"]], was_created = Section.objects.get_or_create(
            slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"}
        )
        created["sections"] += was_created
    found = {
        "sections": sections,
        "people": ensure_rows(Person, PEOPLE, created, "people", pictures, "photo"),
        "productions": ensure_rows(
            Production, PRODUCTIONS, created, "productions", pictures, "poster"
        ),
        "authors": ensure_rows(Author, AUTHORS, created, "authors", pictures, "photo"),
        "images": pictures,
    }
    ensure_credits(found["people"], found["productions"], created)
    for spec in ARTICLES:
        ensure_article(spec, now, found, created)
    # An award night covered live, with a few updates and winners (the awards app).
    load_awards_night(now, found, created)
    return created


class Command(BaseCommand):
    help = "Load demo sections, people, productions, authors, pictures and stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any article already exists."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("Articles already exist; demo content not loaded.")
            return
        with transaction.atomic():
            created = load_demo(timezone.now())
        if not sum(created.values()):
            self.stdout.write("Demo content already loaded.")
            return
        summary = ", ".join(f"{count} {label}" for label, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
