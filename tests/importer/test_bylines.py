"""The byline parser against bylines shaped like the ones news sites print (written for these tests)."""

from __future__ import annotations

import pytest

from importer.bylines import Byline, parse_byline, proper_case


def person(name: str, job: str = "", org: str = "") -> Byline:
    return Byline(name, job_title=job, organisation=org)


def org(name: str) -> Byline:
    return Byline(name, is_organisation=True)


BYLINES = [
    # Prefixes
    ("By Jane Roe", [person("Jane Roe")]),
    ("by Tom Rogan", [person("Tom Rogan")]),
    ("BY JANE ROE", [person("Jane Roe")]),
    ("Written by Priya Raman", [person("Priya Raman")]),
    ("Analysis by Chris Calloway, CNN Editor-at-large", [person("Chris Calloway", "Editor-at-large", "CNN")]),
    ("Opinion by Dana Whitfield", [person("Dana Whitfield")]),
    ("Story by Marcus Hale", [person("Marcus Hale")]),
    ("Words by Ellie Frost", [person("Ellie Frost")]),
    ("Posted by Ravi Menon", [person("Ravi Menon")]),
    ("Commentary by Lena Ortiz", [person("Lena Ortiz")]),
    ("Von Katrin Vogel", [person("Katrin Vogel")]),
    ("Par Julien Marchand", [person("Julien Marchand")]),
    ("Por Lucía Herrera", [person("Lucía Herrera")]),
    ("Door Pieter de Vries", [person("Pieter de Vries")]),
    # Roles and affiliations after a comma
    (
        "By ROBERT BRANNIGAN, AP National Security Writer",
        [person("Robert Brannigan", "National Security Writer", "Associated Press")],
    ),
    ("Jill Dorsey, CNN Business", [person("Jill Dorsey", "", "CNN Business")]),
    ("By Sam Price, Reuters", [person("Sam Price", "", "Reuters")]),
    ("By Amy Chen, Staff Writer", [person("Amy Chen", "Staff Writer")]),
    ("Nina Park, Senior Reporter at The Harbor Times", [person("Nina Park", "Senior Reporter", "The Harbor Times")]),
    ("By Omar Haddad, Special to The Valley Post", [person("Omar Haddad", "", "The Valley Post")]),
    ("By Grace Lin, Education Reporter, Valley Gazette", [person("Grace Lin", "Education Reporter", "Valley Gazette")]),
    ("By Kevin Shaw, The Associated Press", [person("Kevin Shaw", "", "Associated Press")]),
    ("By Laura Benton, Bloomberg", [person("Laura Benton", "", "Bloomberg")]),
    ("By Dev Patel, PTI", [person("Dev Patel", "", "PTI")]),
    ("Hannah Cole | Health Correspondent", [person("Hannah Cole", "Health Correspondent")]),
    ("Jane Roe (Reuters)", [person("Jane Roe", "", "Reuters")]),
    ("Jane Roe | Reuters", [person("Jane Roe", "", "Reuters")]),
    ("Jane Roe | John Doe", [person("Jane Roe"), person("John Doe")]),
    # Several people
    (
        "By MEG KINSELLA and ERRIN HAYWOOD, Associated Press",
        [person("Meg Kinsella", "", "Associated Press"), person("Errin Haywood", "", "Associated Press")],
    ),
    ("By Jane Roe and John Doe", [person("Jane Roe"), person("John Doe")]),
    ("By Jane Roe & John Doe", [person("Jane Roe"), person("John Doe")]),
    ("Jane Roe, John Doe and Ann Lee", [person("Jane Roe"), person("John Doe"), person("Ann Lee")]),
    ("Jane Roe, John Doe, and Ann Lee", [person("Jane Roe"), person("John Doe"), person("Ann Lee")]),
    ("Jane Roe; John Doe", [person("Jane Roe"), person("John Doe")]),
    (
        "By Maria Alvarez and Tom Becker, Casco Courier",
        [person("Maria Alvarez", "", "Casco Courier"), person("Tom Becker", "", "Casco Courier")],
    ),
    ("Von Katrin Vogel und Jonas Weber", [person("Katrin Vogel"), person("Jonas Weber")]),
    ("Par Julien Marchand et Chloé Girard", [person("Julien Marchand"), person("Chloé Girard")]),
    ("Por Lucía Herrera y Diego Salas", [person("Lucía Herrera"), person("Diego Salas")]),
    ("By Jane Roe and Associated Press", [person("Jane Roe"), org("Associated Press")]),
    (
        "Reporting by Ana Ruiz in Madrid and Leo Brandt in Berlin; Editing by Mark Stone",
        [person("Ana Ruiz"), person("Leo Brandt")],
    ),
    (
        "Reporting by Ana Ruiz; Additional reporting by Sam Price; Writing by Leo Brandt; Editing by Mark Stone",
        [person("Ana Ruiz"), person("Sam Price"), person("Leo Brandt")],
    ),
    ("By Jane Roe and Jane Roe", [person("Jane Roe")]),
    # ALL-CAPS names to proper case
    ("JANIE HARLOW", [person("Janie Harlow")]),
    ("By PATRICK MCDONNELL", [person("Patrick McDonnell")]),
    ("By FIONA MACDONALD", [person("Fiona MacDonald")]),
    ("By LUIS MACHADO", [person("Luis Machado")]),
    ("By SEAN O'BRIEN", [person("Sean O'Brien")]),
    ("By ANNA SMITH-JONES", [person("Anna Smith-Jones")]),
    ("By MARIA DE LA CRUZ", [person("Maria de la Cruz")]),
    ("By LUDWIG VAN DER BERG", [person("Ludwig van der Berg")]),
    ("By JOHN D. HARMON JR.", [person("John D. Harmon Jr.")]),
    ("By HENRY FORD III", [person("Henry Ford III")]),
    ("By DEANNA D'ANGELO", [person("Deanna D'Angelo")]),
    ("By ROBERT E LEE and ANN E WARD", [person("Robert E Lee"), person("Ann E Ward")]),
    # Names already in mixed case stay as written
    ("By DeShawn McKinnon", [person("DeShawn McKinnon")]),
    ("By Ludwig van Beethoven", [person("Ludwig van Beethoven")]),
    # Agencies and staff as organisations
    ("PTI", [org("PTI")]),
    ("Associated Press", [org("Associated Press")]),
    ("By The Associated Press", [org("Associated Press")]),
    ("AP", [org("Associated Press")]),
    ("Reuters", [org("Reuters")]),
    ("AFP", [org("AFP")]),
    ("Agence France-Presse", [org("AFP")]),
    ("HNN Staff", [org("HNN Staff")]),
    ("Staff Reports", [org("Staff Reports")]),
    ("STAFF REPORTS", [org("Staff Reports")]),
    ("Staff", [org("Staff")]),
    ("From staff reports", [org("Staff Reports")]),
    ("Valley Gazette Staff", [org("Valley Gazette Staff")]),
    ("By Harbor Times Staff", [org("Harbor Times Staff")]),
    ("News Desk", [org("News Desk")]),
    ("The Editorial Board", [org("The Editorial Board")]),
    ("Reuters Staff", [org("Reuters")]),
    ("Staff and wire reports", [org("Staff and wire reports")]),
    ("By Jane Roe, Associated Press and Reuters", [person("Jane Roe", "", "Associated Press, Reuters")]),
    # Noise around the name
    ("By Jane Roe | Published March 3, 2024", [person("Jane Roe")]),
    ("By Jane Roe - Updated 4:15 PM", [person("Jane Roe")]),
    ("By Jane Roe, CNN Updated 3:15 PM EST, Mon December 1, 2026", [person("Jane Roe", "", "CNN")]),
    ("By Jane Roe jane.roe@harbortimes.example", [person("Jane Roe")]),
    ("By Jane Roe @janeroe", [person("Jane Roe")]),
    ("  By\n   Jane   Roe  ", [person("Jane Roe")]),
    ("By Jane Roe,", [person("Jane Roe")]),
    ("", []),
    ("By", []),
]


@pytest.mark.parametrize(("text", "expected"), BYLINES, ids=[text or "empty" for text, _ in BYLINES])
def test_byline(text, expected):
    assert parse_byline(text) == expected


def test_the_table_is_large():
    assert len(BYLINES) >= 60


@pytest.mark.parametrize(
    ("raw", "cased"),
    [("MARY O'NEIL", "Mary O'Neil"), ("jean-luc picard", "Jean-Luc Picard"), ("ANA DOS SANTOS", "Ana dos Santos"),
     ("McKay", "McKay"), ("DA SILVA", "Da Silva"), ("IAN MACKAY", "Ian MacKay"), ("TOM MACK", "Tom Mack")],
)  # fmt: skip
def test_proper_case(raw, cased):
    assert proper_case(raw) == cased
