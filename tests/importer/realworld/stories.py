"""The stories of the real-world corpus: text written for these tests, with what an import must find.

Each story is the article a reader sees (headline, standfirst, body blocks) and how its byline and
date are printed; :mod:`.layouts` wraps it in the markup of a kind of site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Story:
    slug: str
    headline: str
    standfirst: str
    body: tuple[tuple[str, str], ...]  # ("p" | "h2" | "quote" | "li", text)
    byline: str  # as the page prints it
    authors: tuple[str, ...]  # the clean names an import must give, in order
    published: dt.datetime
    language: str = "en"
    section: str = "News"
    photo_caption: str = "Workers on the site on Tuesday."
    photo_credit: str = "Ana Ruiz/Harbor Times"
    organisations: tuple[str, ...] = field(default=())  # which of ``authors`` are organisations

    @property
    def body_text(self) -> str:
        return "\n".join(text for _kind, text in self.body)


def tz(hours: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


STORIES = (
    Story(
        slug="port-strike-ends",
        headline="Port strike ends after nine days as dockworkers accept new contract",
        standfirst="The agreement raises wages by 14 percent over three years and limits automation at two terminals.",
        body=(
            (
                "p",
                "Dockworkers at the city's container port voted on Sunday to accept a new contract, ending a "
                "nine-day strike that left dozens of ships waiting offshore and emptied shelves at some stores.",
            ),
            (
                "p",
                "The union said 81 percent of members who cast ballots approved the deal, which raises wages by 14 "
                "percent over three years and bars the port authority from adding automated cranes at two terminals "
                "before 2029.",
            ),
            ("quote", "Nobody wins a strike, but this contract protects the jobs our members will need in ten years."),
            (
                "p",
                "Port officials said the first ships would be unloaded on Monday morning and that clearing the "
                "backlog could take two weeks. About 40 vessels were anchored in the bay on Sunday afternoon.",
            ),
            ("h2", "Retailers count the cost"),
            (
                "p",
                "Local retailers said the walkout had cost them sales during one of the busiest months of the year. "
                "A hardware chain said it had rerouted deliveries through a port 300 miles north at twice the usual "
                "price.",
            ),
            (
                "p",
                "Economists at the regional chamber of commerce estimated the strike's cost to the local economy at "
                "about 60 million dollars a day, a figure the union disputed as exaggerated.",
            ),
        ),
        byline="By MEG KINSELLA and ERRIN HAYWOOD, Associated Press",
        authors=("Meg Kinsella", "Errin Haywood"),
        published=dt.datetime(2026, 11, 29, 18, 42, tzinfo=tz(-5)),
        section="Business",
    ),
    Story(
        slug="library-sunday-hours",
        headline="Libraries will open on Sundays again from January",
        standfirst="The council restored funding cut in 2011 after a petition gathered 12,000 signatures.",
        body=(
            (
                "p",
                "All seven branches of the city library will open on Sunday afternoons from January, the council "
                "decided on Wednesday, reversing a cut made more than a decade ago to balance the budget.",
            ),
            (
                "p",
                "The change will cost about 1.2 million dollars a year and add 28 part-time jobs. The money comes "
                "from a reserve fund that had grown after two years of higher than expected property tax receipts.",
            ),
            (
                "p",
                "Librarians said Sunday was the day families asked about most. The central branch will open from "
                "noon to five, and the smaller branches from one to five.",
            ),
            ("li", "Central Library: noon to 5 p.m."),
            ("li", "Branch libraries: 1 p.m. to 5 p.m."),
            (
                "p",
                "A petition started by two high school students gathered more than 12,000 signatures in the spring. "
                "Both spoke at Wednesday's meeting, which ended in a unanimous vote.",
            ),
        ),
        byline="By Samuel Okafor",
        authors=("Samuel Okafor",),
        published=dt.datetime(2026, 11, 25, 21, 5, tzinfo=dt.UTC),
        section="Local",
    ),
    Story(
        slug="lobster-season-north",
        headline="Why the lobster catch keeps moving north",
        standfirst="Warmer water is pushing lobsters toward Canada, and the boats are following.",
        body=(
            (
                "p",
                "For three generations the Walsh family fished for lobster within sight of the harbor. This year "
                "the boats spent most of the season forty miles to the north, where the water is still cold enough.",
            ),
            (
                "p",
                "Scientists at the state marine laboratory say the gulf has warmed faster than almost any other body "
                "of water on earth, and that young lobsters now settle in deeper and more northern waters.",
            ),
            ("h2", "A shifting map"),
            (
                "p",
                "Landings in the southern ports have fallen by more than half since 2015, while ports near the border "
                "have reported record catches. Fuel now takes a larger share of every trip.",
            ),
            ("quote", "We used to be home for supper. Now we leave at three in the morning and get back after dark."),
            (
                "p",
                "The state is studying whether to change the zones that decide where each boat may fish, a proposal "
                "that has divided harbors along the coast.",
            ),
        ),
        byline="By Maria Alvarez, Tom Becker and Aiko Tanaka",
        authors=("Maria Alvarez", "Tom Becker", "Aiko Tanaka"),
        published=dt.datetime(2026, 11, 20, 6, 0, tzinfo=tz(-5)),
        section="Environment",
    ),
    Story(
        slug="storm-power-outages",
        headline="Storm knocks out power to 30,000 homes",
        standfirst="Crews expect most customers to be reconnected by Saturday night.",
        body=(
            (
                "p",
                "A storm with gusts of up to 70 miles an hour brought down trees and power lines across the county "
                "overnight, leaving about 30,000 homes and businesses without electricity on Friday morning.",
            ),
            (
                "p",
                "The utility said 120 crews were working to restore power and that most customers should be "
                "reconnected by Saturday night, though some rural roads were still blocked by fallen trees.",
            ),
            (
                "p",
                "Schools in four districts were closed. The county opened two warming centers, at the high school "
                "gym and the community center on Shore Road, both with cots and hot meals.",
            ),
            (
                "p",
                "Forecasters said the wind would ease by the afternoon but warned of freezing temperatures overnight "
                "and asked residents to check on elderly neighbors.",
            ),
        ),
        byline="Staff Reports",
        authors=("Staff Reports",),
        organisations=("Staff Reports",),
        published=dt.datetime(2026, 11, 27, 5, 45, tzinfo=dt.UTC),
        section="Weather",
    ),
    Story(
        slug="rail-tunnel-analysis",
        headline="The tunnel is finished. The hard part is paying for the trains.",
        standfirst="A decade-long project opens on time, but the operating budget is still a hole.",
        body=(
            (
                "p",
                "The new rail tunnel under the river opened on Monday, on schedule and only slightly over budget, "
                "which in the history of large transport projects in this region is close to a miracle.",
            ),
            (
                "p",
                "But the money to run trains through it every ten minutes, as promised, has not been found. The "
                "transit agency's budget for next year assumes fares will rise and that the state will cover the rest.",
            ),
            (
                "p",
                "Neither is certain. Lawmakers have twice rejected a payroll tax that would have raised the money, "
                "and the governor has said she will not sign a budget that raises fares by more than inflation.",
            ),
            ("h2", "What comes next"),
            (
                "p",
                "The agency will run trains every twenty minutes until the summer. If no deal is reached by then, "
                "the schedule promised to voters will have to wait another year at least.",
            ),
            (
                "p",
                "For commuters the difference is real: a train every ten minutes makes the tunnel a way to live, "
                "one every twenty makes it a timetable to plan around.",
            ),
        ),
        byline="Analysis by Chris Calloway, CNN Editor-at-large",
        authors=("Chris Calloway",),
        published=dt.datetime(2026, 11, 30, 12, 30, tzinfo=tz(-5)),
        section="Analysis",
    ),
    Story(
        slug="hafen-streik-beendet",
        headline="Streik im Hafen nach neun Tagen beendet",
        standfirst="Die Beschäftigten stimmen einem neuen Tarifvertrag mit deutlich höheren Löhnen zu.",
        body=(
            (
                "p",
                "Nach neun Tagen Arbeitskampf ist der Streik im Containerhafen beendet. Die Beschäftigten haben am "
                "Sonntag mit großer Mehrheit einem neuen Tarifvertrag zugestimmt, wie die Gewerkschaft mitteilte.",
            ),
            (
                "p",
                "Der Vertrag sieht Lohnerhöhungen von insgesamt 14 Prozent in drei Jahren vor. Zudem dürfen an zwei "
                "Terminals bis 2029 keine weiteren automatisierten Kräne aufgestellt werden.",
            ),
            (
                "p",
                "Die ersten Schiffe sollen bereits am Montagmorgen entladen werden. Nach Angaben der Hafenbehörde "
                "könnte es aber bis zu zwei Wochen dauern, bis der Rückstau vollständig abgebaut ist.",
            ),
            (
                "p",
                "Der Einzelhandel hatte zuletzt über leere Regale und hohe Kosten für Umwege über andere Häfen "
                "geklagt. Ökonomen schätzen den Schaden auf mehrere Millionen Euro pro Tag.",
            ),
        ),
        byline="Von Katrin Vogel und Jonas Weber",
        authors=("Katrin Vogel", "Jonas Weber"),
        published=dt.datetime(2026, 11, 29, 19, 10, tzinfo=tz(1)),
        language="de",
        section="Wirtschaft",
        photo_caption="Containerschiffe warten vor dem Hafen.",
        photo_credit="Katrin Vogel/dpa",
    ),
    Story(
        slug="bibliotheques-dimanche",
        headline="Les bibliothèques rouvriront le dimanche dès janvier",
        standfirst="Le conseil municipal rétablit un financement supprimé il y a plus de dix ans.",
        body=(
            (
                "p",
                "Les sept bibliothèques de la ville ouvriront le dimanche après-midi à partir de janvier, a décidé "
                "mercredi le conseil municipal, revenant sur une économie votée il y a plus de dix ans.",
            ),
            (
                "p",
                "La mesure coûtera environ 1,2 million d'euros par an et créera 28 emplois à temps partiel. Elle "
                "sera financée par une réserve constituée grâce à des recettes fiscales plus élevées que prévu.",
            ),
            (
                "p",
                "Les bibliothécaires expliquent que le dimanche est le jour le plus demandé par les familles. La "
                "médiathèque centrale ouvrira de midi à dix-sept heures.",
            ),
            (
                "p",
                "Une pétition lancée par deux lycéennes avait recueilli plus de 12 000 signatures au printemps. "
                "Elles ont pris la parole mercredi, avant un vote à l'unanimité.",
            ),
        ),
        byline="Par Julien Marchand et Chloé Girard",
        authors=("Julien Marchand", "Chloé Girard"),
        published=dt.datetime(2026, 11, 26, 10, 0, tzinfo=tz(1)),
        language="fr",
        section="Ville",
        photo_caption="La médiathèque centrale, mercredi.",
        photo_credit="Julien Marchand",
    ),
    Story(
        slug="sequia-embalses",
        headline="Los embalses del sur, al 22 por ciento tras otro otoño seco",
        standfirst="Los agricultores piden ayudas mientras las ciudades preparan restricciones de agua.",
        body=(
            (
                "p",
                "Los embalses de la cuenca del sur se encuentran al 22 por ciento de su capacidad, el nivel más "
                "bajo registrado en noviembre desde que existen datos, según el último informe de la confederación.",
            ),
            (
                "p",
                "Las lluvias de otoño, que suelen recuperar parte de las reservas, apenas han llegado a un tercio "
                "de lo habitual. Los agricultores de regadío ya han perdido buena parte de la cosecha de cítricos.",
            ),
            (
                "p",
                "Varios ayuntamientos preparan cortes nocturnos del suministro si la situación no mejora antes de "
                "febrero. El gobierno regional estudia traer agua en barco desde otros puertos.",
            ),
            (
                "p",
                "Los expertos recuerdan que la sequía actual es la tercera en quince años y piden inversiones en "
                "depuración y reutilización de aguas para no depender solo de la lluvia.",
            ),
        ),
        byline="Por Lucía Herrera",
        authors=("Lucía Herrera",),
        published=dt.datetime(2026, 11, 28, 8, 30, tzinfo=tz(1)),
        language="es",
        section="Sociedad",
        photo_caption="El embalse, casi vacío, el pasado lunes.",
        photo_credit="Diego Salas",
    ),
    Story(
        slug="council-ward-map",
        headline="New ward map splits two neighborhoods, residents say",
        standfirst="The commission's draft draws a line down the middle of Eastgate and the Flats.",
        body=(
            (
                "p",
                "Residents of two east side neighborhoods told the redistricting commission on Thursday that its "
                "draft ward map would split their communities and weaken their voice on the city council.",
            ),
            (
                "p",
                "The draft, released last week, draws the boundary between the third and fourth wards along Canal "
                "Street, which runs through the middle of both Eastgate and the Flats.",
            ),
            (
                "p",
                "Commission members said the line followed population figures from the latest census and that "
                "keeping both neighborhoods whole would leave one ward far larger than the others.",
            ),
            (
                "quote",
                "We have one grocery store, one school and one park. Now we will have two council members who "
                "each represent half of us.",
            ),
            (
                "p",
                "The commission will take written comments until the end of the month and is expected to approve a "
                "final map in January.",
            ),
        ),
        byline="By JANIE HARLOW, Staff Writer",
        authors=("Janie Harlow",),
        published=dt.datetime(2026, 12, 3, 16, 20, tzinfo=tz(-8)),
        section="Politics",
    ),
    Story(
        slug="rail-fares-wire",
        headline="Rail operators to freeze fares for a second year",
        standfirst="The freeze will cost the treasury about 300 million pounds, officials said.",
        body=(
            (
                "p",
                "Rail fares will be frozen for a second year running, the transport ministry said on Tuesday, as "
                "the government tries to win back passengers who switched to working from home.",
            ),
            (
                "p",
                "The freeze applies to regulated fares, which include most season tickets, and will cost the "
                "treasury about 300 million pounds, according to officials familiar with the plan.",
            ),
            (
                "p",
                "Passenger groups welcomed the decision but said reliability mattered more than price. Nearly one "
                "in five trains arrived late last year, the worst figure in a decade.",
            ),
            (
                "p",
                "Operators said they would add carriages on the busiest commuter routes from the spring, when new "
                "trains ordered three years ago are due to enter service.",
            ),
        ),
        byline="By Sam Price, Reuters",
        authors=("Sam Price",),
        published=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC),
        section="World",
    ),
    Story(
        slug="cricket-final-pti",
        headline="Hosts win the final by six wickets in front of a full stadium",
        standfirst="An unbeaten century from the captain sealed the title with two overs to spare.",
        body=(
            (
                "p",
                "The hosts won the final by six wickets on Sunday, chasing a target of 287 with two overs to spare "
                "in front of a full stadium that had queued since early morning.",
            ),
            (
                "p",
                "The captain scored an unbeaten 112, his third century of the tournament, and shared a partnership "
                "of 140 with the wicketkeeper after two early wickets had put the chase in doubt.",
            ),
            (
                "p",
                "The visitors had been well placed at 210 for three but lost their last seven wickets for 76 runs "
                "against the spinners on a pitch that turned more as the afternoon went on.",
            ),
            (
                "p",
                "The captain dedicated the win to the ground staff, who had worked through the night after rain "
                "on Saturday to make sure the final could start on time.",
            ),
        ),
        byline="PTI",
        authors=("PTI",),
        organisations=("PTI",),
        published=dt.datetime(2026, 11, 30, 22, 15, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        section="Sport",
    ),
)
