"""Bylines as people (and organisations): the parser every author name goes through.

A byline on the web is rarely just a name: "By ROBERT BURNS, AP National Security Writer", "By MEG
KINNARD and ERRIN HAINES, Associated Press", "Analysis by Chris Cillizza, CNN Editor-at-large",
"Reporting by A in London; Editing by B", "HNN Staff", "PTI". :func:`parse_byline` strips the prefix,
splits the people, moves roles and affiliations after a comma to job title and organisation, puts
ALL-CAPS names in proper case, and marks agency and staff bylines as organisations. Names from JSON-LD,
microdata and meta tags go through the same function, so every source gives the same clean authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME = 255


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class Byline:
    name: str
    job_title: str = ""
    organisation: str = ""
    is_organisation: bool = False


# Prefixes and segments ---------------------------------------------------------------------------

_PREFIX = re.compile(
    r"^(?:(?:an?\s+)?(?:analysis|commentary|opinion|review|interview|story|report(?:ing)?|written|words|text|"
    r"posted|published|compiled|reported|column|essay|perspective|writing|photos?\s+and\s+text|text\s+and\s+photos?)"
    r"\s+by|by|from|von|par|por|di|door|av|af|de|da|autor(?:in)?:?|auteur\s*:|author\s*:|written\s*:)(?:\s+|$)",
    re.IGNORECASE,
)
# Segments that credit people who are not authors of the text.
_NOT_AUTHORS = re.compile(
    r"^(?:(?:additional\s+)?(?:editing|edited|graphics?|illustrations?|photos?|photographs?|pictures?|video|"
    r"design|data|production|produced|fact[- ]?checking|translated|translation|sub-?editing)\b)",
    re.IGNORECASE,
)
_ADDITIONAL = re.compile(r"^additional\s+reporting\s+by\s+", re.IGNORECASE)
# "and" in the languages we meet; single letters only in lower case ("Robert E Lee" keeps its initial).
_AND = re.compile(r"\s+(?:[Aa][Nn][Dd]|[Uu][Nn][Dd]|[Ee][Tt]|og|en|och|e|y|i)\s+|\s*&\s*")
_TAIL_NOISE = re.compile(
    r"\s*(?:\||·|•|\u2014|\u2013|\s-\s)\s*(?:updated|published|posted|modified|last\s+updated|\d|jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|follow|email|twitter|read\s+more).*$",
    re.IGNORECASE,
)
# "By Jane Roe, CNN Updated 3:15 PM EST, Mon December 1, 2026": a date run into the byline element.
_DATE_TAIL = re.compile(r"\s+(?:updated|published|posted|last\s+updated|modified)\b.*$", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?:^|\s)@\w{1,30}\b")
_IN_PLACE = re.compile(r"\s+in\s+(?:[A-Z][\w.'-]+)(?:\s+[A-Z][\w.'-]+){0,2}$")

# Organisations ------------------------------------------------------------------------------------

#: Wire services and agencies as they appear in bylines, lower case, with the name we show.
AGENCIES = {
    "associated press": "Associated Press", "the associated press": "Associated Press", "ap": "Associated Press",
    "reuters": "Reuters", "thomson reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
    "agence france presse": "AFP", "pti": "PTI", "press trust of india": "PTI", "ians": "IANS", "ani": "ANI",
    "upi": "UPI", "united press international": "UPI", "bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "ansa": "ANSA", "efe": "EFE", "agencia efe": "EFE",
    "kyodo": "Kyodo News", "kyodo news": "Kyodo News", "xinhua": "Xinhua", "yonhap": "Yonhap",
    "the canadian press": "The Canadian Press", "canadian press": "The Canadian Press", "cp": "The Canadian Press",
    "pa": "PA Media", "pa media": "PA Media", "press association": "PA Media", "aap": "AAP",
    "australian associated press": "AAP", "anadolu": "Anadolu Agency", "anadolu agency": "Anadolu Agency",
    "tass": "TASS", "apa": "APA", "sda": "SDA", "ap news": "Associated Press", "cnn wire": "CNN Wire",
    "agencies": "Agencies", "news agencies": "Agencies", "wire services": "Wire services",
    "wire reports": "Wire reports", "staff and wire reports": "Staff and wire reports",
    "reuters staff": "Reuters", "afp staff": "AFP",
}  # fmt: skip
_STAFF = re.compile(
    r"^(?:(?:from\s+)?(?:the\s+)?(?:[\w.&'-]+\s+){0,4}(?:staff(?:\s+(?:reports?|writers?|and\s+wire\s+reports|"
    r"reporters?))?|news\s*desk|web\s*desk|digital\s+desk|city\s+desk|metro\s+desk|editorial(?:\s+board)?|"
    r"editors|redaktion|rédaction|redacción|redazione|news\s+service|news\s+team|bureau|team|newsroom))$",
    re.IGNORECASE,
)
# Words that make a comma-separated piece a role or an affiliation rather than a person's name.
_ROLE_WORDS = _word_set(
    """reporter reporters writer writers correspondent correspondents editor editors columnist contributor
    contributing producer analyst critic staff chief senior political reporter photographer journalist
    news press times post herald tribune journal gazette daily weekly network agency media magazine
    business bureau desk at-large editor-at-large special associate deputy managing executive national
    international foreign health science technology tech sports politics economics economy education
    climate environment courts crime investigative investigations white house congressional capitol
    correspondent, contributor, fellow professor director president founder host anchor presenter
    intern freelance freelancer guest opinion culture arts film music food travel markets finance legal
    affairs manager coordinator specialist researcher lecturer student member chair ceo cto officer
    author for at in of the"""
)
_ORG_WORDS = _word_set(
    """news press times post herald tribune journal gazette daily network agency media magazine
    broadcasting radio television tv group inc ltd llc company corporation service services wire
    associated reuters bloomberg business world international online digital chronicle observer
    telegraph guardian express mail mirror star sun globe record review register courier sentinel"""
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")

# Casing -------------------------------------------------------------------------------------------

PARTICLES = _word_set(
    "van von der den de da di del della dei du la le les bin binti ibn al el dos das do ter ten af zu y e"
)
_MAC_EXCEPTIONS = _word_set("mace macey machado machin macias mack mackie macklin macon macy maceo machen macho macri")
_ROMAN = _word_set("ii iii iv vi vii viii")


def _case_part(part: str, first: bool) -> str:
    lower = part.lower()
    if re.fullmatch(r"[a-z]\.?", lower):  # an initial
        return lower.upper()
    if not first and lower in PARTICLES:
        return lower
    if lower in _ROMAN:
        return part.upper()
    if lower in ("jr", "jr.", "sr", "sr."):
        return lower.capitalize()
    if "'" in lower or "\u2019" in lower:
        quote = "'" if "'" in lower else "\u2019"
        head, _, tail = lower.partition(quote)
        if len(head) <= 2 and tail:  # O'Brien, D'Angelo, N'Diaye
            return head.capitalize() + quote + tail.capitalize()
        return head.capitalize() + quote + tail
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2:].capitalize()
    if lower.startswith("mac") and len(lower) > 5 and lower not in _MAC_EXCEPTIONS:
        return "Mac" + lower[3:].capitalize()
    return lower.capitalize()


def proper_case(name: str) -> str:
    """ALL-CAPS (or all-lower-case) names in proper case: "ERRIN HAINES" → "Errin Haines",
    "PATRICK MCDONNELL" → "Patrick McDonnell", "MARIA DE LA CRUZ" → "Maria de la Cruz",
    "SEAN O'BRIEN-SMITH" → "Sean O'Brien-Smith". Names already in mixed case are left as written."""
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or not (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return name
    words = []
    for number, word in enumerate(name.split()):
        parts = word.split("-")
        words.append("-".join(_case_part(part, number == 0 and index == 0) for index, part in enumerate(parts)))
    return " ".join(words)


def _tidy(text: str) -> str:
    text = text.replace("\u00a0", " ")
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;:|·•-\u2013\u2014/\u200b\"'“”")


def _strip_prefix(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text, count=1).strip()
    return text


def agency(text: str) -> str:
    """The agency's shown name if ``text`` names a wire service or agency, else ``""``."""
    return AGENCIES.get(text.strip().lower().rstrip("."), "")


def _is_staff(text: str) -> bool:
    return bool(_STAFF.match(text.strip())) and len(text.split()) <= 6


def _org_name(text: str) -> str:
    known = agency(text)
    if known:
        return known
    if _ACRONYM.match(text) or (not any(ch.islower() for ch in text) and len(text.split()) == 1):
        return text
    return proper_case(text) if text.isupper() and len(text) > 6 else text


def looks_like_name(text: str) -> bool:
    """A person's name: two to five words, each capitalised, an initial or a particle; no role words."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if agency(text) or _is_staff(text):
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in _ROLE_WORDS and w not in PARTICLES for w in lowered):
        return False
    for number, word in enumerate(words):
        core = word.strip(".,()")
        if not core:
            return False
        if number and core.lower() in PARTICLES:
            continue
        if not (core[0].isupper() or not core[0].isalpha()):
            return False
    return len(words) >= 2 or (len(words) == 1 and words[0].isupper() and len(words[0]) > 6)


def _has_role_word(text: str) -> bool:
    return any(
        w.lower().strip(".,") in _ROLE_WORDS - PARTICLES - {"in", "of", "the", "for", "at"} for w in text.split()
    )


def _looks_like_org(text: str) -> bool:
    if agency(text) or _is_staff(text):
        return True
    words = text.split()
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words):
        return True
    # "CNN Business", "HNN": an acronym first, and the rest not shouting too (as "JOHN DOE" would)
    return (bool(words) and bool(_ACRONYM.match(words[0])) and not text.isupper()) or (
        len(words) == 1 and bool(_ACRONYM.match(text))
    )


def _split_role(role: str) -> tuple[str, str]:
    """(job title, organisation) from what follows a name: "AP National Security Writer",
    "CNN Business", "Senior Reporter at The Times", "Special to The Post", "Reuters"."""
    role = role.strip()
    if not role:
        return "", ""
    known = agency(role)
    if known:
        return "", known
    several = [part.strip() for part in _AND.split(role) if part.strip()]
    if len(several) > 1 and all(agency(part) for part in several):
        return "", ", ".join(agency(part) for part in several)
    match = re.match(r"^(?P<job>.+?)\s+(?:at|for|with|of)\s+(?P<org>(?:the\s+)?[A-Z].+)$", role)
    if match and _looks_like_org(match.group("org")):
        return match.group("job").strip(), _org_name(match.group("org").strip())
    match = re.match(r"^special\s+to\s+(?P<org>.+)$", role, re.IGNORECASE)
    if match:
        return "", _org_name(match.group("org").strip())
    words = role.split()
    # A leading agency or acronym, then a job: "AP National Security Writer", "CNN Editor-at-large".
    for size in (3, 2, 1):
        if len(words) > size:
            head = " ".join(words[:size])
            if agency(head) or (size == 1 and _ACRONYM.match(head)):
                rest = " ".join(words[size:])
                if any(w.lower() in _ROLE_WORDS for w in re.split(r"[\s-]+", rest)) and not _looks_like_org(rest):
                    return rest, agency(head) or head
                if size == 1 and _ACRONYM.match(head):
                    return "", role  # "CNN Business": an outlet's desk
    if _looks_like_org(role) and not any(
        w.lower() in ("reporter", "writer", "correspondent", "editor", "columnist", "producer") for w in words
    ):
        return "", _org_name(role)
    return role, ""


def _person(name: str) -> str:
    name = _IN_PLACE.sub("", name).strip()
    name = re.sub(r"\s*\((?:[^()]{0,80})\)\s*$", "", name).strip()  # "Jane Roe (Reuters)" handled by caller
    return proper_case(_tidy(name))[:MAX_NAME]


def _parse_segment(segment: str) -> list[Byline]:
    segment = _tidy(_strip_prefix(_tidy(segment)))
    if not segment:
        return []
    if agency(segment) or _is_staff(segment):
        return [Byline(_org_name(segment) if agency(segment) else _staff_name(segment), is_organisation=True)]
    # An affiliation in brackets: "Jane Roe (Reuters)".
    bracket = re.match(r"^(?P<names>.+?)\s*\((?P<aff>[^()]{1,80})\)$", segment)
    shared_role = ""
    if bracket and not looks_like_name(bracket.group("aff")):
        segment, shared_role = bracket.group("names"), bracket.group("aff")
    pieces = [p.strip() for p in segment.split(",") if p.strip()]
    people: list[str] = []
    roles: list[str] = []
    for piece in pieces:
        piece = re.sub(r"^(?:and|&|und|et|y)\s+", "", piece, flags=re.IGNORECASE)
        names = [_strip_prefix(n.strip()) for n in _AND.split(piece) if n.strip()]
        if roles or (people and all(agency(n) or _looks_like_org(n) for n in names)):
            roles.append(piece)  # "Jane Roe, Reuters": an affiliation, not an author of its own
        elif all(looks_like_name(n) or agency(n) for n in names) and names:
            people.extend(names)
        elif not people:
            # The first piece is not a clean name: still the best we have ("by tom rogan"), unless it is a
            # role standing alone ("Health Correspondent" after a "|").
            people.extend(n for n in names if not _has_role_word(n) or agency(n) or _is_staff(n))
        else:
            roles.append(piece)
    if shared_role:
        roles.append(shared_role)
    job_title, organisation = "", ""
    if roles:
        jobs, orgs = [], []
        for role in roles:
            job, org = _split_role(role)
            if job:
                jobs.append(job)
            if org:
                orgs.append(org)
        job_title, organisation = ", ".join(jobs)[:MAX_NAME], ", ".join(orgs)[:MAX_NAME]
    bylines = []
    for raw in people:
        if agency(raw) or _is_staff(raw):
            bylines.append(Byline(agency(raw) or _staff_name(raw), is_organisation=True))
            continue
        name = _person(raw)
        if name and any(ch.isalpha() for ch in name):
            bylines.append(Byline(name, job_title=job_title, organisation=organisation))
    return bylines


def _staff_name(text: str) -> str:
    text = re.sub(r"^from\s+", "", text.strip(), flags=re.IGNORECASE)
    words = text.split()
    if all(not ch.islower() for ch in text if ch.isalpha()):
        # "HNN STAFF" → "HNN Staff", "STAFF REPORTS" → "Staff Reports"
        words = [
            w if _ACRONYM.match(w) and w.lower() not in ("staff", "news", "desk", "team") else w.capitalize()
            for w in words
        ]
    return " ".join(w[:1].upper() + w[1:] for w in words)[:MAX_NAME]


def parse_byline(text: str) -> list[Byline]:
    """The people and organisations a byline names, in order, each once."""
    if not isinstance(text, str):
        return []
    text = _DATE_TAIL.sub("", _TAIL_NOISE.sub("", text.replace("\n", " ").strip()))
    # "Jane Roe | Reuters", "Jane Roe | Health Correspondent": what follows a bar describes the names
    # before it, unless it is a name itself.
    parts = [part.strip() for part in text.split("|")]
    text = parts[0]
    for part in parts[1:]:
        if part:
            text += f"; {part}" if looks_like_name(_strip_prefix(part)) else f", {part}"
    segments = re.split(r"\s*[;\n]\s*|\s+//\s+", text)
    found: list[Byline] = []
    seen: set[str] = set()
    for segment in segments:
        segment = segment.strip()
        if not segment:
            continue
        if _ADDITIONAL.match(segment):
            segment = _ADDITIONAL.sub("", segment)
        elif _NOT_AUTHORS.match(segment):
            continue
        for byline in _parse_segment(segment):
            key = byline.name.lower()
            if key and key not in seen:
                seen.add(key)
                found.append(byline)
    return found
