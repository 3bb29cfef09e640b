"""The demo newspaper's texts and data: a fictional local paper (drawn by ``drawing``, loaded by ``loading``).

Everything here is invented: The Harrow Cove Beacon, the town of Harrow Cove,
Greeley Island, and every person, business and quotation. Real place names
appear only in a few datelines.

Article bodies are lists of blocks, written compactly:

* a plain string is a paragraph;
* ``"## Text"`` is a heading, ``"### Text"`` a subheading;
* ``"> Quote | Attribution"`` is a pull quote (the attribution is optional);
* a :func:`photo` dict is a captioned body photo (optionally with
  ``block_caption`` / ``block_credit`` overriding the image's own).

``ARTICLES`` is in publication order, newest first.
"""

# Photo agencies and staff photographers (all fictional).
STAFF = "The Beacon"
WIRE = "Downeast Wire"
WIRE_LICENSE_URL = "https://downeastwire.example.com/licensing/"


def photo(title, motif, shape, caption, credit, creator=None, **extra):
    """A photo to generate: ``motif`` picks the drawing, ``shape`` the aspect ratio."""
    return {
        "title": title,
        "motif": motif,
        "shape": shape,
        "caption": caption,
        "credit": credit,
        "creator": creator or credit.split("/")[0],
        **extra,
    }


PUBLISHER = {
    "name": "The Harrow Cove Beacon",
    "alternate_name": "The Beacon",
    "email": "newsdesk@harrowcovebeacon.example",
    "telephone": "+1-207-555-0142",
    "contact_url": "https://harrowcovebeacon.example/contact/",
    "street_address": "14 Wharf Street",
    "address_locality": "Harrow Cove",
    "address_region": "ME",
    "postal_code": "04999",
    "address_country": "US",
    "founding_year": 1911,
    "twitter_site": "@hcbeacon",  # set only if the model has the field
}

SOCIAL_LINKS = [
    ("https://social.example.com/@harrowcovebeacon", "Mastodon"),
    ("https://bsky.example.net/profile/harrowcovebeacon", "Bluesky"),
    ("https://video.example.org/c/harrowcovebeacon", "Video channel"),
]

POLICIES = [
    ("publishingPrinciples", "https://harrowcovebeacon.example/about/principles/"),
    ("ethicsPolicy", "https://harrowcovebeacon.example/about/ethics/"),
    ("correctionsPolicy", "https://harrowcovebeacon.example/about/corrections/"),
    ("masthead", "https://harrowcovebeacon.example/about/staff/"),
    ("ownershipFundingInfo", "https://harrowcovebeacon.example/about/ownership/"),
]

HOME_INTRO = "News from Harrow Cove, Greeley Island and the midcoast, since 1911."
AUTHORS_INTRO = "The reporters, editors and contributors who write The Harrow Cove Beacon."

SECTIONS = [
    ("local", "Local", "Town government, schools, the harbor and the people of Harrow Cove."),
    ("politics", "Politics", "Town meeting, the select board, the county and the State House in Augusta."),
    ("business", "Business", "Fishing, boatyards, Main Street and the working waterfront."),
    ("culture", "Culture", "Music, books, film, art and food on the midcoast."),
    ("opinion", "Opinion", "Editorials, columns and guest essays."),
]

AUTHORS = [
    {
        "slug": "pine-coast-wire",
        "name": "Pine Coast Wire",
        "is_organisation": True,
        "job_title": "",
        "location": "Augusta, Maine",
        "email": "",
        "organisation": "",
        "short_bio": "A statewide news agency whose stories The Beacon runs under an exchange agreement.",
        "bio": [
            "Pine Coast Wire is a news agency covering the State House, the courts and the coast for papers "
            "across Maine. The Beacon publishes some of its stories as they were written, with a link to the "
            "original.",
        ],
        "links": [],
        "palette": ((70, 110, 140), (28, 40, 52)),
    },
    {
        "slug": "nadia-ferreira-holt",
        "name": "Nadia Ferreira-Holt",
        "job_title": "Senior Reporter, Town Hall",
        "location": "Harrow Cove, Maine",
        "email": "nadia.ferreira-holt@harrowcovebeacon.example",
        "organisation": "",
        "short_bio": "Nadia Ferreira-Holt covers town government, schools and the harbor. "
        "She has reported from Harrow Cove since 2014.",
        "bio": [
            "Nadia Ferreira-Holt covers town government, the schools and the harbor for The Beacon. "
            "She joined the paper in 2014 after four years at a daily in southern New Hampshire.",
            "She has sat through more than 400 town council meetings and still reads every page of the "
            "budget. She lives in Upper Village with her husband and a dog who dislikes the ferry.",
        ],
        "links": [
            ("https://social.example.com/@nferreiraholt", "Mastodon"),
            ("https://www.example.org/nadia-ferreira-holt", "Personal site"),
        ],
        "palette": ((196, 120, 92), (64, 40, 36)),
    },
    {
        "slug": "calvin-ostrowski",
        "name": "Calvin Ostrowski",
        "job_title": "Politics Reporter",
        "location": "Augusta, Maine",
        "email": "calvin.ostrowski@harrowcovebeacon.example",
        "organisation": "",
        "short_bio": "Calvin Ostrowski covers town, county and state politics, "
        "and spends the legislative session at the State House.",
        "bio": [
            "Calvin Ostrowski covers politics for The Beacon, from town meeting to the State House in Augusta, "
            "where he spends most of the legislative session.",
            "Before joining the paper in 2019 he covered courts for a public radio station. He grew up on a "
            "dairy farm inland and learned to row on the Kennebec.",
        ],
        "links": [("https://bsky.example.net/profile/calvinostrowski", "Bluesky")],
        "palette": ((88, 128, 170), (30, 44, 62)),
    },
    {
        "slug": "priya-lindqvist",
        "name": "Priya Lindqvist",
        "job_title": "Business Reporter",
        "location": "Harrow Cove, Maine",
        "email": "",
        "organisation": "",
        "short_bio": "Priya Lindqvist writes about fishing, boatyards, Main Street and the economy of the coast.",
        "bio": [
            "Priya Lindqvist writes about the businesses of the midcoast: the fishing fleet, the boatyards, "
            "Main Street and the people who try to make a living here all year.",
            "She has a degree in economics and a commercial shellfish license, which she uses mostly on weekends.",
        ],
        "links": [
            ("https://www.example.com/priya-lindqvist", "Portfolio"),
            ("https://social.example.com/@plindqvist", "Mastodon"),
        ],
        "palette": ((120, 160, 118), (38, 58, 40)),
    },
    {
        "slug": "theo-marchetti",
        "name": "Theo Marchetti",
        "job_title": "Arts and Culture Editor",
        "location": "Harrow Cove, Maine",
        "email": "theo.marchetti@harrowcovebeacon.example",
        "organisation": "",
        "short_bio": "Theo Marchetti edits the Culture section and reviews music, books and restaurants.",
        "bio": [
            "Theo Marchetti edits The Beacon's Culture section and reviews concerts, books and restaurants. "
            "He pays for his own meals and tickets, and reviews anonymously where he can.",
            "He sang for eleven years in a church choir, which he says made him a harder critic of choirs, "
            "not a kinder one.",
        ],
        "links": [("https://www.example.net/theomarchetti", "Personal site")],
        "palette": ((170, 110, 160), (54, 30, 58)),
    },
    {
        "slug": "ruth-abernathy",
        "name": "Ruth Abernathy",
        "job_title": "Editorial Page Editor",
        "location": "Harrow Cove, Maine",
        "email": "",
        "organisation": "",
        "short_bio": "Ruth Abernathy writes The Beacon's editorials and edits its opinion pages.",
        "bio": [
            "Ruth Abernathy writes The Beacon's editorials and edits its opinion pages. She was the paper's "
            "managing editor for twelve years before moving to the editorial page.",
            "Editorials are written by her and discussed with the editorial board; they do not reflect the "
            "views of the newsroom's reporters, who are not consulted.",
        ],
        "links": [("https://social.example.com/@ruthabernathy", "Mastodon")],
        "palette": ((200, 170, 96), (70, 56, 30)),
    },
    {
        "slug": "dale-kettering",
        "name": "Dale Kettering",
        "job_title": "Contributing Writer",
        "location": "Rockland, Maine",
        "email": "dkettering@downeastwire.example.com",
        "organisation": "Downeast Wire",
        "short_bio": "Dale Kettering is a correspondent for Downeast Wire who writes about fisheries "
        "and the coast for The Beacon.",
        "bio": [
            "Dale Kettering is a correspondent for Downeast Wire, a news service for coastal papers, "
            "and contributes regularly to The Beacon.",
            "He fished for scallops for nine winters before he started writing about fisheries, and still "
            "keeps a mooring in Rockland.",
        ],
        "links": [
            ("https://downeastwire.example.com/staff/dale-kettering", "Downeast Wire"),
            ("https://bsky.example.net/profile/dalekettering", "Bluesky"),
        ],
        "palette": ((96, 150, 150), (28, 50, 54)),
    },
]

HC = "HARROW COVE, Maine"

ARTICLES = [
    {
        "slug": "state-ferry-fares-to-rise-in-spring",
        "section": "politics",
        "type": "news",
        "title": "State ferry fares to rise in the spring, the first increase in six years",
        "standfirst": "A round trip to the islands will cost a dollar more for passengers and four more for cars, "
        "the transportation department said, citing fuel and crew costs.",
        "dateline": "AUGUSTA, Maine",
        "authors": ["pine-coast-wire"],
        "tags": ["ferry", "state house"],
        "lead": photo(
            "Ferry leaving the terminal",
            "harbor",
            "16:9",
            "The island ferry leaves the mainland terminal on its morning run.",
            "Gil Moreau/Pine Coast Wire",
        ),
        "body": [
            "Fares on the state's island ferries will go up in the spring for the first time in six years, the "
            "transportation department said Thursday, after a year in which fuel and crew costs ran well ahead "
            "of what tickets bring in.",
            "A passenger round trip will rise by a dollar on every route. Vehicles will pay four dollars more, "
            "and the discount for island residents who buy books of tickets will stay as it is.",
            "The department held three hearings on the proposal over the summer. Most of the people who spoke "
            "were islanders, who asked that the resident discount be kept and that the winter schedule not be "
            "cut to pay for the increase; the final plan does both.",
            "The new fares take effect on the first day of the spring schedule.",
        ],
    },
    {
        "slug": "inner-harbor-dredging-to-begin-next-month",
        "section": "local",
        "type": "news",
        "title": "Inner harbor dredging to begin next month after two-year delay",
        "standfirst": "The $4.2 million project will deepen the channel to the town pier, where loaded lobster "
        "boats have been running aground at low tide.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt"],
        "tags": ["harbor", "dredging", "waterfront"],
        "lead": photo(
            "Crane barge at the town pier",
            "harbor",
            "3:2",
            "A crane barge waits at the end of the town pier ahead of dredging that is scheduled to begin next month.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "Work to deepen Harrow Cove's inner harbor will begin in the second week of next month, the "
            "harbormaster said Tuesday, ending a two-year wait for fishermen who have learned to time their "
            "landings around the tide.",
            "The project will remove roughly 38,000 cubic yards of silt from the channel that leads to the "
            "town pier and the fish house beside it. At the lowest tides of the month, parts of that channel "
            "now hold less than four feet of water, too little for a loaded lobster boat.",
            "> We've had boats sitting on the bottom waiting for the water to come back. That's not a harbor, "
            "that's a parking lot. | Ed Pelletier, Harrow Cove harbormaster",
            "## What changes for boaters",
            "Moorings in the inner harbor will be shifted in stages, starting with the eleven closest to the "
            "pier. Pelletier said mooring holders would get at least a week's notice and that the town would "
            "pay to move tackle where needed.",
            photo(
                "Lobster boats on their moorings",
                "harbor",
                "16:9",
                "Lobster boats on their moorings in the inner harbor. Some will be moved while the channel is dredged.",
                f"Marcus Teel/{STAFF}",
            ),
            "The dredged material will be carried by barge to a disposal site about nine miles offshore. The "
            "delay, town officials said, came from testing the silt for contaminants; the results, released "
            "in the spring, found nothing that would require it to be trucked to a landfill instead.",
            "Work is expected to last about ten weeks, weather permitting, and must be finished before the "
            "spring fish migration closes the window for dredging.",
        ],
    },
    {
        "slug": "the-island-ferry-is-a-road",
        "section": "opinion",
        "type": "opinion",
        "title": "Opinion: The island ferry is a road, and we should fund it like one",
        "standfirst": "Nobody asks whether Route 1 pays for itself. Greeley Island's ferry deserves the same answer.",
        "dateline": HC,
        "authors": ["ruth-abernathy"],
        "tags": ["ferry", "Greeley Island", "transportation", "editorial"],
        "lead": photo(
            "Island ferry leaving the terminal",
            "harbor",
            "3:2",
            "The ferry leaves the Harrow Cove terminal for Greeley Island on a winter morning.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "Every few years, someone at a budget hearing asks why the Greeley Island ferry loses money. It "
            "is a fair question with an unfair premise. The ferry loses money the way a road loses money: it "
            "was never meant to make any.",
            "For the 240 people who live on Greeley year-round, the boat is the only way to a doctor, a high "
            "school, a hardware store or a job on the mainland. When the ferry runs late, children miss first "
            "period. When it is cancelled, a nurse misses a shift.",
            "> A road doesn't have to turn a profit to be worth building. It just has to go somewhere people "
            "need to be.",
            "The fare increase proposed for next year would raise the cost of a round trip for a car and "
            "driver to $58. That is a tax on living on the island, paid by the people least able to avoid it.",
            "## A better way to pay",
            "The county already shares the cost of plowing roads with its towns. It could treat the ferry the "
            "same way, covering a fixed share of operating costs from the general budget and keeping fares "
            "where they are. The amount involved, about $310,000 a year, is less than the county spends "
            "resurfacing four miles of road.",
            "The island is part of this community. Its road just happens to float.",
        ],
    },
    {
        "slug": "tidewell-bakery-opens-in-old-bank-building",
        "section": "business",
        "type": "news",
        "title": "A bakery opens in the old bank building, and the line is out the door",
        "standfirst": "Tidewell Bakery sold out of morning buns by 9 a.m. on its first day in the former "
        "Coastal Savings branch on Main Street.",
        "dateline": HC,
        "authors": ["priya-lindqvist"],
        "tags": ["small business", "Main Street", "food"],
        "lead": photo(
            "Counter at Tidewell Bakery",
            "interior",
            "3:2",
            "Customers at the counter of Tidewell Bakery on Main Street.",
            f"Ines Calloway/{STAFF}",
        ),
        "lead_caption": "Josie Amaral, right, hands a customer a box of morning buns on Tidewell Bakery's "
        "first day of business.",
        "body": [
            "The line at Tidewell Bakery started forming at 6:15 on Saturday morning, 45 minutes before the "
            "doors opened. By nine, the morning buns were gone; by noon, so was most of everything else.",
            "The bakery occupies the former Coastal Savings branch at the corner of Main and Chandler streets, "
            "which had stood empty since the bank consolidated its branches three years ago. Owner Josie "
            "Amaral kept the building's terrazzo floor and turned the old vault into a walk-in cooler for "
            "butter and dough.",
            photo(
                "The old bank vault at Tidewell Bakery",
                "interior",
                "2:3",
                "The bank's old vault door now opens onto the bakery's cooler.",
                f"Ines Calloway/{STAFF}",
            ),
            "> The vault door weighs about two tons. We couldn't have moved it if we'd wanted to, so it became "
            "the cooler. | Josie Amaral, owner of Tidewell Bakery",
            "Amaral, who grew up in Harrow Cove and trained at bakeries in Boston and Montreal, said she had "
            "been looking for a space in town for four years. She employs nine people and plans to add "
            "wholesale deliveries to restaurants on the peninsula in the spring.",
            "The bakery is open Wednesday through Sunday from 7 a.m. until it sells out, which, Amaral "
            "conceded, may be early for a while.",
        ],
    },
    {
        "slug": "review-harrow-cove-chorale-wrack-line-songs",
        "section": "culture",
        "type": "review",
        "title": "Review: The Harrow Cove Chorale finds new depth in an old sea-song cycle",
        "standfirst": "Under a new director, the 40-voice community choir gives the 'Wrack Line Songs' the "
        "patience they have always needed.",
        "dateline": HC,
        "authors": ["theo-marchetti"],
        "tags": ["music", "review", "Harrow Cove Chorale"],
        "lead": photo(
            "Harrow Cove Chorale in concert",
            "crowd",
            "16:9",
            "The Harrow Cove Chorale performs at the Congregational Church on Friday.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "The 'Wrack Line Songs' have been sung in Harrow Cove for so long that it is easy to forget they "
            "are strange. Written in the 1950s by a church organist who had spent his youth on coasting "
            "schooners, the nine songs lurch between hymn and shanty, sometimes within a single verse.",
            "On Friday at the Congregational Church, the Harrow Cove Chorale, under its new director, Amara "
            "Lindgren, stopped trying to smooth that over. The hymns were slow, the shanties were rough, and "
            "the seams between them were left to show. It was the best performance of the cycle I have heard.",
            photo(
                "Amara Lindgren conducting",
                "crowd",
                "4:3",
                "Amara Lindgren conducts the chorale in the 'Wrack Line Songs.'",
                f"Marcus Teel/{STAFF}",
            ),
            "## A quieter center",
            "The heart of the evening was the fifth song, 'Fog Bell,' which Lindgren took at a tempo so "
            "unhurried that the tenors seemed, for a moment, to be waiting for the tide. The sopranos' final, "
            "unaccompanied phrase hung in the air long enough that nobody in the pews dared cough.",
            "> The songs were never meant to be pretty. They were meant to be true to the water. | Amara "
            "Lindgren, director of the Harrow Cove Chorale",
            "Not everything worked. The piano was too loud in the opening numbers, and a new arrangement of "
            "'Haul Away for Greeley' felt busier than it needed to be. But these are small things next to a "
            "choir that sounds, this season, as if it is listening to itself.",
            "The chorale repeats the program on Sunday at 3 p.m. Tickets are $15, and free for students.",
        ],
    },
    {
        "slug": "analysis-what-the-rental-cap-can-and-cannot-do",
        "section": "politics",
        "type": "analysis",
        "title": "Analysis: What the rental cap can and cannot do about housing",
        "standfirst": "Limiting vacation rentals will slow the loss of year-round homes in the harbor district. "
        "It will not, by itself, add any.",
        "dateline": HC,
        "authors": ["calvin-ostrowski"],
        "tags": ["housing", "short-term rentals", "zoning"],
        "lead": photo(
            "Apartments above Main Street shops",
            "street",
            "3:2",
            "Apartments above shops on Main Street, one of the few parts of town where more than one "
            "home is allowed on a lot.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "When the town council voted to cap short-term rentals in the harbor district, supporters "
            "described it as a housing measure. It is one, in a narrow sense: it slows the rate at which "
            "year-round homes in one part of town can become vacation rentals.",
            "But the numbers involved are small. There are 71 licensed short-term rentals in the district, and "
            "the cap is 60. Even if all 11 permits above the cap were eventually retired and the houses sold "
            "to year-round residents, that would be 11 homes in a town where the housing authority's waiting "
            "list has 140 names.",
            "## The zoning question",
            "The larger obstacle, planners and builders interviewed for this article said, is zoning. Across "
            "most of Harrow Cove, the town's rules require a lot of at least an acre for a single house and do "
            "not allow apartments at all. A proposal to permit accessory apartments in back yards stalled in "
            "committee two years ago.",
            "> A cap is a brake. If you want more housing, you also need an accelerator. | Simone Achebe-Ruiz, "
            "regional planner",
            "None of that makes the cap pointless. It may buy time. But the council's next decisions on zoning "
            "will matter more to whether a teacher can find an apartment here in five years than anything it "
            "decided last week.",
        ],
    },
    {
        "slug": "crews-clear-downed-trees-after-overnight-gusts",
        "section": "local",
        "type": "news",
        "title": "Crews clear downed trees after overnight gusts cut power to 2,100 homes",
        "standfirst": "Wind gusts of more than 60 mph toppled trees across the north side of town. Most "
        "customers had power back by evening.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt", "calvin-ostrowski", "dale-kettering"],
        "tags": ["weather", "storm", "power outages"],
        "lead": photo(
            "Line crew on North Road",
            "storm",
            "3:2",
            "A line crew works to clear a fallen oak from power lines on North Road.",
            f"Marcus Teel/{STAFF}",
        ),
        "update_note": "Updated with the number of customers still without power in the evening.",
        "body": [
            "Road crews and utility workers spent Tuesday clearing trees brought down overnight by wind gusts "
            "that reached 63 mph at the harbor, cutting power to about 2,100 homes and businesses in Harrow "
            "Cove at the height of the storm.",
            "By 6 p.m., fewer than 200 customers remained without power, most of them along North Road and in "
            "the Birch Hill neighborhood, the utility said. It expected to restore all service by midday "
            "Wednesday.",
            photo(
                "Fallen spruce on Birch Hill Road",
                "storm",
                "4:3",
                "Branches and a fallen spruce block Birch Hill Road after the storm.",
                f"Marcus Teel/{STAFF}",
            ),
            "## Schools open, roads reopened",
            "Schools opened on a two-hour delay. The public works director said every town road was passable "
            "by early afternoon, though crews would be picking up branches for the rest of the week. Residents "
            "may leave brush at the curb until Friday.",
            "> We had every truck out at four in the morning. For a while the trees came down faster than we "
            "could cut them. | Roger Ellis, public works director",
            "No injuries were reported. The harbormaster said two skiffs broke free of their moorings and were "
            "recovered on the beach at the head of the harbor.",
        ],
    },
    {
        "slug": "harbor-bond-explained",
        "section": "politics",
        "type": "background",
        "title": "The harbor bond, explained: where the $6 million goes",
        "standfirst": "Most of the money will go to the town pier and the seawall. Here is what each piece "
        "costs and what it would pay for.",
        "dateline": HC,
        "authors": ["calvin-ostrowski"],
        "tags": ["harbor", "bond", "town meeting"],
        "lead": photo(
            "Seawall along Front Street",
            "harbor",
            "4:3",
            "The seawall along Front Street, which engineers say needs to be raised by about two feet.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "The $6 million bond approved at town meeting will pay for three projects on the waterfront, which "
            "the town plans to carry out over the next four years. Here is how the money breaks down.",
            "### The town pier: $3.1 million",
            "Engineers found that about a third of the pier's wooden pilings have rotted or been damaged by "
            "marine worms. The plan calls for replacing them with steel pilings and laying a new deck, slightly "
            "higher than the current one to allow for rising tides.",
            "### The seawall: $2.2 million",
            "The seawall along Front Street has been overtopped by storm surges four times in the last five "
            "years. The plan would raise it by about two feet and rebuild a 400-foot section that has begun to "
            "lean.",
            photo(
                "Waves over the seawall",
                "storm",
                "16:9",
                "Waves break over the Front Street seawall during a storm surge last winter.",
                f"Marcus Teel/{STAFF}",
            ),
            "### The fish house: $700,000",
            "The rest of the money would repair the roof and cold storage at the fish house, which the town "
            "leases to a fishermen's cooperative.",
            "> These are not new things. We are fixing what we already own before it fails. | Gus Varney, town manager",
            "The bond would be repaid over 20 years. The town estimates the cost to taxpayers at about $38 a "
            "year on a home assessed at $350,000.",
        ],
    },
    {
        "slug": "review-the-lamplighter",
        "section": "culture",
        "type": "review",
        "title": "Review: At The Lamplighter, the chowder is worth the wait",
        "standfirst": "The waterfront restaurant's new chef has kept the menu short and the portions honest. "
        "Book ahead on weekends.",
        "dateline": HC,
        "authors": ["theo-marchetti"],
        "tags": ["food", "restaurants", "review"],
        "lead": photo(
            "Dining room at The Lamplighter",
            "interior",
            "3:2",
            "The dining room at The Lamplighter, on the Harrow Cove waterfront.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "There is a wait at The Lamplighter on a Friday night, and the staff will tell you honestly how "
            "long it will be. Take the estimate, walk out to the end of the pier, and come back. The chowder "
            "is worth it.",
            "The restaurant, a fixture on the waterfront since the 1970s, changed hands last spring. Its new "
            "chef, Roberto Salas, who cooked for a decade in Providence, has cut the menu from four pages to "
            "one and rebuilt it around what the boats and farms nearby can supply.",
            photo(
                "Haddock chowder at The Lamplighter",
                "interior",
                "1:1",
                "Haddock chowder with salt pork and dill.",
                f"Ines Calloway/{STAFF}",
            ),
            "That chowder is made with haddock, salt pork and potatoes cut thick enough to hold their shape, "
            "and finished with a little dill. It is the best bowl I have had on this stretch of coast. The "
            "fried clams are nearly as good; the crab cakes, bound with too much bread, are not.",
            "## The verdict",
            "Desserts are simple and seasonal: a blueberry buckle in summer, an apple crisp now. The wine list "
            "is short and fairly priced. Main courses run from $19 to $34, and the room, mercifully, is quiet "
            "enough to talk in.",
            "The Lamplighter is open for dinner Tuesday through Sunday. Reservations are taken by phone only.",
        ],
    },
    {
        "slug": "keep-the-fish-pier-a-working-pier",
        "section": "opinion",
        "type": "opinion",
        "title": "Opinion: Keep the fish pier a working pier",
        "standfirst": "The new deck will be tempting to fill with benches and kiosks. The boats should come first.",
        "dateline": HC,
        "authors": ["dale-kettering"],
        "tags": ["harbor", "waterfront", "fishing"],
        "lead": photo(
            "Bait barrels on the fish pier",
            "harbor",
            "1:1",
            "Bait barrels on the fish pier before dawn.",
            f"Olu Bankole/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "body": [
            "Now that voters have agreed to pay for a new deck on the fish pier, the harbor committee has a "
            "pleasant problem: deciding what goes on it. There will be proposals for benches, for a kiosk, for "
            "a seasonal market. Some of them are good ideas. None of them should come at the expense of the "
            "boats.",
            "The pier is one of four places left in town where a commercial fishing boat can tie up, unload "
            "and take on bait and fuel. Every foot of deck given to something else is a foot a truck cannot "
            "use at six in the morning.",
            "> A working waterfront is not a backdrop. It is a workplace, and workplaces need room.",
            "There is a way to do both. The outer end of the pier, where the water is deepest, should stay "
            "clear for loading. Benches and a railing can go on the inner end and along the south side, where "
            "people already gather. That is roughly how the pier was used for most of the last century, and "
            "it worked.",
            "The committee should write that principle into its plan before the first design is drawn.",
        ],
    },
    {
        "slug": "analysis-why-lobster-prices-held-steady",
        "section": "business",
        "type": "analysis",
        "title": "Analysis: Why lobster prices at the dock held steady this fall",
        "standfirst": "A smaller catch and steady demand from processors kept boat prices near last year's, "
        "even as fuel and bait kept getting more expensive.",
        "dateline": "ROCKLAND, Maine",
        "authors": ["dale-kettering", "priya-lindqvist"],
        "tags": ["lobster", "fishing", "prices"],
        "lead": photo(
            "Lobster crates on a wharf",
            "harbor",
            "4:3",
            "Crates of lobster stacked on a wharf before being trucked to a processor.",
            f"Olu Bankole/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "lead_credit": f"Olu Bankole/{WIRE}, for The Beacon",
        "body": [
            "Fishermen landing lobster along the midcoast this fall were paid, on average, within a few cents "
            "of what they got a year earlier, according to dealers and buyers' posted prices. That stability "
            "hides two pressures pulling in opposite directions.",
            "The first is supply. Landings this season ran below last year's in most harbors east of Portland, "
            "continuing a slow decline that scientists attribute in part to warming water pushing lobsters "
            "farther offshore and to the northeast.",
            "The second is demand from processors, who buy much of the fall catch to freeze, cook or ship as "
            "tails. Processors said orders from restaurant chains held up better than they had expected, which "
            "kept competition for lobster at the docks brisk.",
            "## Costs keep rising",
            "> The price looks the same as last year. The fuel bill doesn't. | Corey Baptiste, a Harrow Cove "
            "lobsterman",
            "For boat owners, a flat price is not the same as a good year. Bait, fuel and insurance have all "
            "grown more expensive, and several fishermen interviewed for this article said they had cut back "
            "on the number of traps they fish to save on bait.",
            "Whether prices hold into the winter will depend largely on how many boats keep fishing offshore. "
            "Most dealers expect landings to fall off sharply after the first hard storms.",
        ],
    },
    {
        "slug": "greeley-island-ferry-adds-early-run",
        "section": "local",
        "type": "news",
        "title": "Greeley Island ferry adds a 6:15 a.m. run as winter schedule takes effect",
        "standfirst": "Islanders who commute to the mainland will no longer have to choose between arriving "
        "two hours early or half an hour late.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt"],
        "tags": ["ferry", "Greeley Island", "transportation"],
        "lead": photo(
            "Ferry approaching Greeley Island",
            "harbor",
            "3:2",
            "The ferry approaches the landing at Greeley Island.",
            f"Sadie Moran/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "update_note": "Adds the revised Sunday departure times.",
        "body": [
            "The ferry to Greeley Island will add a 6:15 a.m. departure from the island on weekdays beginning "
            "Monday, when the winter schedule takes effect, the county ferry service announced.",
            "Until now, the first boat of the day left the island at 5:30 a.m., which meant commuters with "
            "8 a.m. jobs in Harrow Cove spent nearly two hours waiting on the mainland. The next boat arrived "
            "after eight.",
            "The new run uses the smaller of the service's two boats, the Alder, which carries 12 cars and 90 "
            "passengers. To staff it, the service is shifting one crew from a midafternoon run that carried, "
            "on average, fewer than 10 passengers last winter.",
            photo(
                "The Alder at the Harrow Cove terminal",
                "harbor",
                "3:2",
                "The Alder, the smaller of the two county ferries, loads cars at the Harrow Cove terminal.",
                f"Sadie Moran/{WIRE}",
                license_url=WIRE_LICENSE_URL,
            ),
            "## Sunday changes",
            "On Sundays, the first departure from Harrow Cove moves to 8:30 a.m. from 7:45, and the last "
            "return from the island moves earlier, to 4:15 p.m. The service said the changes reflect lower "
            "Sunday traffic in the winter months.",
            "> We heard the same thing at every meeting on the island: get us to work on time. This is the "
            "best we can do with the boats and crews we have. | Marguerite Lessard, county ferry manager",
            "The full schedule is posted at both terminals and on the county's website.",
        ],
    },
    {
        "slug": "three-candidates-file-for-select-board",
        "section": "politics",
        "type": "news",
        "title": "Three candidates file for two select board seats",
        "standfirst": "With the filing deadline passed, the race pits an incumbent against two newcomers, one "
        "of them a 26-year-old lobsterman.",
        "dateline": HC,
        "authors": ["calvin-ostrowski"],
        "tags": ["elections", "select board"],
        "lead": photo(
            "Town office on Main Street",
            "street",
            "16:9",
            "The Harrow Cove town office, where candidates filed their nomination papers.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "Three candidates have qualified for the ballot for two seats on the Harrow Cove select board, the "
            "town clerk said after Friday's filing deadline, setting up the first contested select board race "
            "in six years.",
            "Helen Quist, the board's chair, is seeking a third three-year term. She is joined on the ballot "
            "by Marcus Delisle, a 26-year-old lobsterman who fishes out of the town pier, and by Jean Tarbox, "
            "a retired nurse who has served on the town's budget committee.",
            "## The issues",
            "All three candidates said housing would be central to the race. Quist pointed to the rental cap "
            "recently approved by the council; Delisle said the town should make it easier to build small "
            "houses on existing lots; Tarbox said the town needed to look harder at what it spends before it "
            "asks taxpayers for more.",
            "> I'm running because the people who work on the water ought to have a voice on the board that "
            "decides what happens to it. | Marcus Delisle",
            "The Beacon will publish a candidates' questionnaire in the weeks before the election. A forum is "
            "scheduled at the Alden Memorial Library on the last Tuesday of the month.",
        ],
    },
    {
        "slug": "clam-flats-reopen",
        "section": "business",
        "type": "news",
        "title": "Clam flats reopen after state lifts three-week closure",
        "standfirst": "Water tests came back clean after heavy rain had washed runoff into the bay, and diggers "
        "were back on the flats at dawn.",
        "dateline": HC,
        "authors": ["priya-lindqvist"],
        "tags": ["shellfish", "fishing", "environment"],
        "lead": photo(
            "Clam diggers on the flats",
            "hills",
            "16:9",
            "Clam diggers work the flats in the upper bay at low tide.",
            f"Olu Bankole/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "update_note": "Corrects the number of licensed diggers in town.",
        "body": [
            "The clam flats in the upper bay reopened to harvesting on Tuesday after the state lifted a "
            "closure imposed three weeks ago, when heavy rain washed runoff from roads and farm fields into the "
            "bay.",
            "Water samples taken over the past week showed bacteria levels well below the limit for shellfish "
            "harvesting, the state said. The closure had kept the town's 58 licensed diggers off the flats "
            "during what is usually one of the busiest stretches of the fall.",
            photo(
                "Clam hods on the mud",
                "hills",
                "3:2",
                "Full clam hods wait on the flats for the tide.",
                f"Olu Bankole/{WIRE}",
                license_url=WIRE_LICENSE_URL,
            ),
            "> Three weeks doesn't sound like much, but for some of us that's a month's rent. | Lena "
            "Hartigan, who has dug clams in the upper bay for 19 years",
            "The town's shellfish committee said it would ask the state to add a second sampling site near the "
            "mouth of Mill Brook, which drains much of the farmland upstream, so that future closures could be "
            "limited to the flats most affected.",
            "Clams from the upper bay sell for about $3 a pound at the dock, dealers said this week.",
        ],
    },
    {
        "slug": "film-festival-picks-the-keepers-daughter",
        "section": "culture",
        "type": "news",
        "title": "Island film festival picks a lighthouse keeper's daughter for its opening night",
        "standfirst": "'The Keeper's Daughter,' a documentary shot over four years, will open the Greeley "
        "Island Film Festival.",
        "dateline": "GREELEY ISLAND, Maine",
        "authors": ["theo-marchetti"],
        "tags": ["film", "Greeley Island", "festivals"],
        "lead": photo(
            "Still from 'The Keeper's Daughter'",
            "hills",
            "16:9",
            "A still from 'The Keeper's Daughter,' which follows the last child raised at a staffed "
            "light station on this coast.",
            "Handout/Greeley Island Film Festival",
            creator="Greeley Island Film Festival",
        ),
        "body": [
            "'The Keeper's Daughter,' a documentary about the last person to grow up at a staffed light "
            "station on this stretch of coast, will open this year's Greeley Island Film Festival, organizers "
            "announced Wednesday.",
            "The film follows Ada Merrow, now 84, as she returns to the island where her father kept the light "
            "until it was automated in the 1960s. Its director, Paul Ng, spent four years filming on the "
            "island and in Merrow's kitchen in Thomaston.",
            "> She remembers every storm by name. I just wanted to get out of the way and let her tell them. | "
            "Paul Ng, director of 'The Keeper's Daughter'",
            "The festival, now in its ninth year, screens films in the island's grange hall and a converted "
            "net shed over three days. This year's program includes 22 features and shorts, eight of them "
            "made in Maine.",
            "Tickets go on sale next week. The ferry service has agreed to run a late boat back to Harrow Cove "
            "on each night of the festival.",
        ],
    },
    {
        "slug": "vote-yes-on-the-school-budget",
        "section": "opinion",
        "type": "opinion",
        "title": "Opinion: Vote yes on the school budget, then hold the board to its promises",
        "standfirst": "The budget is lean and defensible. The board's commitments on bus stops and the "
        "middle-school roof should be put in writing.",
        "dateline": HC,
        "authors": ["ruth-abernathy"],
        "tags": ["schools", "budget", "editorial"],
        "lead": photo(
            "School buses at the district garage",
            "street",
            "4:3",
            "School buses at the district garage on Route 17.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "The school budget on next month's ballot is not the one anyone would design from scratch. It cuts "
            "two bus routes, delays a roof repair that should not be delayed much longer, and still raises the "
            "tax bill. We think voters should approve it anyway.",
            "The increase is driven by costs the board does not control: health insurance, and a teachers' "
            "contract that, for the first time in a decade, brings starting pay close to what neighboring "
            "districts offer. A no vote would not make those costs go away. It would push the cuts into "
            "classrooms.",
            "## Promises worth keeping",
            "That said, the board made two commitments that deserve more than a line in the minutes. It said "
            "it would review every new bus stop for safety before the fall, and that the middle-school roof "
            "would be first in line next year. Both should be adopted as formal motions before the vote.",
            "> A budget is a plan. Voters are entitled to see the whole plan, including the parts that come "
            "due next year.",
            "Vote yes. Then show up in the fall and ask how the new stops are working.",
        ],
    },
    {
        "slug": "crossing-guard-marks-25-years",
        "section": "local",
        "type": "reportage",
        "title": "Crossing guard marks 25 years at the corner of Elm and Dock",
        "standfirst": "Bernice Fairweather has walked an estimated 90,000 children across the street. She "
        "knows most of their names.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt"],
        "tags": ["schools", "people", "community"],
        "lead": photo(
            "Crossing guard at Elm and Dock streets",
            "street",
            "2:3",
            "Bernice Fairweather stops traffic for students at the corner of Elm and Dock streets.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "At 7:20 every school morning for 25 years, Bernice Fairweather has put on a reflective vest, "
            "picked up a stop sign and taken her place at the corner of Elm and Dock streets, across from the "
            "elementary school.",
            "By the school district's rough arithmetic, she has walked some 90,000 children across the street. "
            "She knows most of them by name, and a good number of their parents, whom she also walked across "
            "the street a generation ago.",
            "> The trick is you learn the cars, not just the kids. I know who's always late and who's going to "
            "roll the stop. | Bernice Fairweather",
            "On Friday, students lined the sidewalk with hand-lettered signs, and the fire department parked a "
            "truck at the corner with its lights on. Fairweather, who turns 74 next month, said she had no "
            "plans to retire.",
            '"Ask me again in June," she said, and stepped back into the crosswalk.',
        ],
    },
    {
        "slug": "voters-approve-harbor-bond",
        "section": "politics",
        "type": "news",
        "title": "Voters approve $6 million harbor bond as town meeting turnout hits 20-year high",
        "standfirst": "More than 900 residents crowded into the high school gym, where the bond passed on a show "
        "of cards after two hours of debate.",
        "dateline": HC,
        "authors": ["calvin-ostrowski", "nadia-ferreira-holt"],
        "tags": ["town meeting", "harbor", "bond"],
        "lead": photo(
            "Voters at town meeting",
            "crowd",
            "16:9",
            "Residents raise voting cards at town meeting in the Harrow Cove High School gym.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "Harrow Cove voters approved borrowing $6 million for repairs to the town pier, the fish house and "
            "the seawall along Front Street on Saturday, at a town meeting that drew 912 residents, the largest "
            "turnout in the town clerk's records since 2004.",
            "The vote came after two hours of debate in the high school gym, where the moderator twice asked "
            "for more chairs to be brought from the cafeteria. When the question was finally called, the bond "
            "passed by a clear majority on a show of cards, and no one asked for a written ballot.",
            photo(
                "Line for the microphone at town meeting",
                "crowd",
                "3:2",
                "Residents line up to speak on the harbor bond.",
                f"Ines Calloway/{STAFF}",
            ),
            "> I've been coming to town meeting for 51 years and I've never had to stand for one before. | "
            "Walter Greer, a resident of Upper Village",
            "## Other business",
            "Voters also approved a new ordinance on leaf burning and narrowly rejected a proposal to move town "
            "meeting to a weekday evening. Articles on the town's operating budget were carried over to a "
            "continued session next Saturday.",
        ],
    },
    {
        "slug": "boatyard-expansion-would-add-40-jobs",
        "section": "business",
        "type": "news",
        "title": "Boatyard expansion would add 40 jobs and a 150-ton travel lift",
        "standfirst": "Kettle Point Boatworks wants to build a second shed and a larger lift so it can haul the "
        "bigger boats now working out of the harbor.",
        "dateline": HC,
        "authors": ["priya-lindqvist"],
        "tags": ["boatbuilding", "jobs", "waterfront"],
        "lead": photo(
            "Kettle Point Boatworks yard",
            "harbor",
            "16:9",
            "Boats hauled out for the winter at Kettle Point Boatworks, which plans to add a second building shed.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "Kettle Point Boatworks has asked the planning board to approve a 22,000-square-foot building shed "
            "and a travel lift able to haul boats of up to 150 tons, an expansion its owners say would add "
            "about 40 jobs over three years.",
            "The yard, founded in 1946, employs 63 people and has turned away repair work for the past two "
            "winters because it could not lift the larger steel boats that have become common in the offshore "
            "fishery.",
            photo(
                "Boatbuilders in the Kettle Point shed",
                "interior",
                "4:3",
                "Boatbuilders fair a hull in the existing shed at Kettle Point Boatworks.",
                f"Marcus Teel/{STAFF}",
            ),
            "> We're sending work away because we don't have the lift. That's money that should stay on this "
            "coast. | Anna Pruitt, co-owner of Kettle Point Boatworks",
            "Neighbors on Kettle Point Road have raised concerns about noise and truck traffic during "
            "construction. The company has proposed limiting heavy deliveries to weekdays between 7 a.m. and "
            "5 p.m. and planting a buffer of trees along the road.",
            "The planning board will hold a public hearing on the application on the first Thursday of next month.",
        ],
    },
    {
        "slug": "first-friday-art-walk-returns",
        "section": "culture",
        "type": "news",
        "title": "First Friday art walk returns with 14 galleries and a free trolley",
        "standfirst": "The monthly evening, suspended last winter, now runs year-round, with a trolley looping "
        "between Main Street and the waterfront studios.",
        "dateline": HC,
        "authors": ["theo-marchetti"],
        "tags": ["arts", "galleries", "events"],
        "lead": photo(
            "Art walk on Main Street",
            "street",
            "3:2",
            "Visitors move between galleries on Main Street during the First Friday art walk.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "Harrow Cove's First Friday art walk will return this week after a winter off, with 14 galleries "
            "and studios staying open until 8 p.m. and a free trolley running a loop between Main Street and "
            "the converted net lofts on the waterfront.",
            "The walk was suspended last year when organizers could not find volunteers to staff it through "
            "the colder months. This year the downtown business association has taken it over and hired a "
            "part-time coordinator, paid for by a grant from the county arts council.",
            "> People kept asking when it was coming back. An art walk is as much about seeing your neighbors "
            "in February as it is about the art. | Celia Brandt, art walk coordinator",
            "Among the new stops this season is the Net Loft Collective, a shared studio for six printmakers "
            "and a woodworker, which opened in the fall in a building where fishing nets were once mended and "
            "stored.",
            photo(
                "Printmaker at the Net Loft Collective",
                "interior",
                "2:3",
                "A printmaker pulls a proof at the Net Loft Collective.",
                f"Ines Calloway/{STAFF}",
            ),
            "The trolley runs every 15 minutes from 5 p.m. Maps are available at the Alden Memorial Library "
            "and at participating galleries.",
        ],
    },
    {
        "slug": "boil-water-notice-lifted-upper-village",
        "section": "local",
        "type": "news",
        "title": "Boil-water notice lifted for Upper Village after main break",
        "standfirst": "About 400 households were told to boil their water for two days after a 1950s-era main "
        "split under Hollis Road.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt"],
        "tags": ["water", "utilities", "Upper Village"],
        "lead": photo(
            "Repair crew on Hollis Road",
            "street",
            "3:2",
            "A water district crew repairs the broken main on Hollis Road.",
            f"Marcus Teel/{STAFF}",
        ),
        "update_note": "Adds comment from the water district about its replacement plans.",
        "body": [
            "The Harrow Cove Water District lifted a boil-water notice for about 400 households in Upper "
            "Village on Tuesday morning, two days after a cast-iron main split beneath Hollis Road.",
            "The break, discovered early Sunday when water began bubbling through the pavement, dropped "
            "pressure across the neighborhood. Because a loss of pressure can let contaminants into the pipes, "
            "the district advised customers to boil water for drinking and cooking until tests came back clean.",
            "Two rounds of samples taken Monday found no bacteria, the district said.",
            "## An aging system",
            "The main that broke was laid in 1954. About a fifth of the district's 60 miles of pipe is of a "
            "similar age, and the district has been replacing roughly a mile a year.",
            "> We know where the old pipe is. The question is always how fast we can afford to replace it. | "
            "Karen Lamoreau, superintendent of the water district",
            "Lamoreau said the district would ask its trustees to speed up replacements on Hollis Road and two "
            "nearby streets next year.",
        ],
    },
    {
        "slug": "broadband-grant-greeley-island",
        "section": "politics",
        "type": "news",
        "title": "County wins $2.3 million to bring broadband to Greeley Island homes",
        "standfirst": "An undersea fiber cable would replace the island's aging microwave link by the end of "
        "next year.",
        "dateline": HC,
        "authors": ["dale-kettering"],
        "tags": ["broadband", "Greeley Island", "county government"],
        "lead": photo(
            "Greeley Island from the ferry",
            "hills",
            "16:9",
            "Greeley Island seen from the ferry, about five miles off Harrow Cove.",
            f"Olu Bankole/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "body": [
            "The county has been awarded $2.3 million in state and federal money to lay a fiber-optic cable to "
            "Greeley Island, replacing a microwave link that islanders say slows to a crawl whenever fog rolls "
            "in.",
            "The grant, announced Monday, will cover about 80 percent of the cost of a five-mile undersea cable "
            "from Harrow Cove and connections to the island's 190 year-round households. The county and a "
            "local internet provider will split the remainder.",
            photo(
                "Cable landing site at Greeley Island",
                "hills",
                "3:2",
                "The cove on Greeley Island where the fiber cable would come ashore.",
                f"Olu Bankole/{WIRE}",
                license_url=WIRE_LICENSE_URL,
            ),
            "> Half the island works from home at least part of the week now. When the fog comes in, so does "
            "the buffering wheel. | Thomas Pike, chair of the Greeley Island broadband committee",
            "## Timeline",
            "Permitting for the cable is expected to take most of next year, and the cable itself must be laid "
            "in late summer, when seas are calmest. County officials said they hoped to connect the first "
            "homes by the end of next year.",
            "The island's school, post office and health clinic will be connected first.",
        ],
    },
    {
        "slug": "dunning-hardware-sold-to-employees",
        "section": "business",
        "type": "news",
        "title": "Dunning Hardware sold to the employees who have run it for years",
        "standfirst": "The 88-year-old store will become employee-owned, keeping it on Main Street after its "
        "owner retires.",
        "dateline": HC,
        "authors": ["priya-lindqvist"],
        "tags": ["small business", "Main Street", "employee ownership"],
        "lead": photo(
            "Aisles at Dunning Hardware",
            "interior",
            "4:3",
            "Aisles of fasteners and fittings at Dunning Hardware, on Main Street since 1937.",
            f"Ines Calloway/{STAFF}",
        ),
        "lead_caption": "Marjorie Dunning, center, with some of the employees who will own Dunning Hardware.",
        "lead_credit": f"Marcus Teel/{STAFF}",
        "body": [
            "Dunning Hardware, which has sold nails, paint, rope and advice on Main Street since 1937, will be "
            "owned by its 14 employees by the end of the year, its owner said Friday.",
            "Marjorie Dunning, 71, whose grandfather opened the store, said she had turned down two offers from "
            "regional chains in the past decade. Instead, she has agreed to sell the business to an employee "
            "ownership trust, financed with a loan from a community lender and a note she will hold herself.",
            "> This store has always belonged to the people who work here and the people who shop here. Now "
            "the paperwork says so. | Marjorie Dunning",
            "The employees, several of whom have worked at the store for more than 20 years, will elect a board "
            "to oversee the business. The store's manager, Luis Carrow, will stay on.",
            "Employee ownership has become a more common way for owners of small businesses to retire without "
            "closing or selling to outside buyers, according to a nonprofit that advises companies on the "
            "transition.",
        ],
    },
    {
        "slug": "review-slack-water-mina-sorensen",
        "section": "culture",
        "type": "review",
        "title": "Review: A Harrow Cove poet's debut maps the tides of a changing coast",
        "standfirst": "Mina Sorensen's 'Slack Water' is precise about boats, weather and work, and "
        "unsentimental about what is being lost.",
        "dateline": HC,
        "authors": ["theo-marchetti"],
        "tags": ["books", "poetry", "review"],
        "lead": photo(
            "Cover of 'Slack Water'",
            "hills",
            "2:3",
            "The cover of 'Slack Water,' Mina Sorensen's first collection.",
            "Handout/Tern Press",
            creator="Tern Press",
        ),
        "body": [
            "The poems in Mina Sorensen's first collection, 'Slack Water,' know the names of things: the parts "
            "of a trap, the order of a haul, the particular green of the water over a ledge at half tide. That "
            "precision is the book's great pleasure, and its argument.",
            "Sorensen, who fished with her father out of Harrow Cove before she went to college, writes about "
            "the coast as a workplace rather than a view. In the title poem, the stillness between tides is "
            'not a moment of peace but a deadline: "the hour you have / before the water decides for you."',
            "The book's second half turns to change (warming water, lost wharves, houses that stand empty nine "
            "months a year) without ever turning into a lecture. A poem about a neighbor's wharf being sold is "
            "told entirely through an inventory of what was carried off it.",
            "> I didn't want to write about the ocean. I wanted to write about the people who go to work on "
            "it. | Mina Sorensen",
            "Not every poem lands; a few of the shorter pieces read like notes for longer ones. But this is a "
            "confident, serious debut. 'Slack Water' is published by Tern Press. Sorensen reads at the Alden "
            "Memorial Library next Thursday.",
        ],
    },
    {
        "slug": "school-board-sends-budget-to-voters",
        "section": "local",
        "type": "news",
        "title": "School board sends $31.4 million budget to voters, trimming two bus routes",
        "standfirst": "The proposal rises 3.8 percent, less than the superintendent first asked for, after the "
        "board cut bus routes and delayed a roof repair.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt", "calvin-ostrowski"],
        "tags": ["schools", "budget", "education"],
        "lead": photo(
            "Harrow Cove Middle School",
            "street",
            "3:2",
            "Harrow Cove Middle School, where a roof repair has been postponed a year under the proposed budget.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "The Harrow Cove school board voted 5-2 on Wednesday to send a $31.4 million budget to voters at "
            "next month's referendum, a 3.8 percent increase that board members said was the smallest they "
            "could responsibly propose.",
            "Superintendent Lorraine Ashby had initially asked for a 5.9 percent increase, driven largely by "
            "rising health insurance costs and a new contract with the district's teachers. To close the gap, "
            "the board consolidated two bus routes on the north side of town and pushed a $600,000 roof repair "
            "at the middle school to next year.",
            "## What it means for taxpayers",
            "If approved, the budget would add about $112 a year to the tax bill on a home assessed at "
            "$350,000, according to the town's finance director.",
            "> Nobody on this board is happy about the bus routes. But every other choice in front of us was "
            "worse. | Dennis Morrow, chair of the school board",
            photo(
                "Bus stop on North Road",
                "street",
                "16:9",
                "A bus stop on North Road, one of those that would be consolidated under the budget.",
                f"Ines Calloway/{STAFF}",
                block_caption="A stop on North Road that would be merged with another half a mile away.",
            ),
            "Parents on the affected routes said some children would now face a walk of more than a mile to "
            "their stop along roads without sidewalks. Ashby said the district would review the stops before "
            "the routes change in the fall.",
            "Voters will decide the budget on the second Tuesday of next month. Polls at the town office will "
            "be open from 8 a.m. to 8 p.m.",
        ],
    },
    {
        "slug": "working-waterfront-tax-credit",
        "section": "politics",
        "type": "news",
        "title": "Lawmakers weigh tax credit to keep working waterfront in fishing hands",
        "standfirst": "A bill before the taxation committee would reward owners who sell waterfront property to "
        "commercial fishing businesses.",
        "dateline": "AUGUSTA, Maine",
        "authors": ["calvin-ostrowski", "dale-kettering"],
        "tags": ["working waterfront", "Legislature", "fishing"],
        "lead": photo(
            "Hearing room at the State House",
            "crowd",
            "16:9",
            "Fishermen and property owners fill a committee hearing room on Thursday.",
            f"Sadie Moran/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "body": [
            "A proposal to give a state income tax credit to owners who sell waterfront land to commercial "
            "fishing businesses drew a packed hearing on Thursday, with fishermen from a dozen coastal towns "
            "asking lawmakers to act before more wharves are sold for houses.",
            "The bill, sponsored by Rep. Dana Whitlock of Harrow Cove, would offer a credit worth up to 10 "
            "percent of the sale price, capped at $150,000, when a property with commercial fishing access is "
            "sold to a business that agrees to keep it in fishing use for at least 15 years.",
            "> Once a wharf becomes somebody's lawn, it never comes back. This bill is about the ones we still "
            "have. | Rep. Dana Whitlock",
            "## Questions about cost",
            "Committee members asked how the state would enforce the 15-year requirement and what the credit "
            "would cost. A fiscal note estimated the cost at $1.8 million a year, though its authors cautioned "
            "that the figure depended heavily on how many properties change hands.",
            "Representatives of a realtors' group testified that they supported the goal but worried that the "
            "credit would reduce what sellers could get from other buyers. The committee is expected to vote on "
            "the bill next month.",
        ],
    },
    {
        "slug": "seaboard-cannery-studios",
        "section": "business",
        "type": "news",
        "title": "Old sardine cannery to become studios and shared offices",
        "standfirst": "A local developer plans 30 work spaces in the Seaboard cannery building, empty since 1987.",
        "dateline": HC,
        "authors": ["priya-lindqvist", "theo-marchetti"],
        "tags": ["development", "waterfront", "historic buildings"],
        "lead": photo(
            "Seaboard cannery building",
            "harbor",
            "3:2",
            "The former Seaboard sardine cannery on the south side of the harbor.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "The long, shingled building that housed the Seaboard sardine cannery for most of the last century "
            "will be converted into artists' studios and shared offices, under plans filed with the town this "
            "week.",
            "The developer, Harborline Properties, a Harrow Cove company, plans 30 work spaces of various "
            "sizes, a shared kitchen and a public walkway along the building's wharf. The plans do not include "
            "housing, which would require a zoning change on that stretch of the waterfront.",
            photo(
                "Packing floor of the Seaboard cannery",
                "interior",
                "16:9",
                "The cannery's packing floor, where sardines were once packed by hand.",
                f"Marcus Teel/{STAFF}",
            ),
            "> My grandmother packed sardines in this building. I'd like people to come back to work in it. | "
            "Daniel Sousa, principal of Harborline Properties",
            "The project would preserve the building's exterior and the packing-floor windows that face the "
            "harbor. The company estimates the cost at $3.5 million and hopes to begin work next summer.",
            "The planning board is expected to review the plans in the new year.",
        ],
    },
    {
        "slug": "what-a-local-newsroom-owes-its-town",
        "section": "opinion",
        "type": "opinion",
        "title": "Opinion: What a local newsroom owes the town it covers",
        "standfirst": "We will get things wrong sometimes. Here is what we promise to do about it, and how to tell us.",
        "dateline": HC,
        "authors": ["ruth-abernathy"],
        "tags": ["journalism", "corrections"],
        "lead": photo(
            "The Beacon's newsroom on Wharf Street",
            "interior",
            "3:2",
            "The Beacon's newsroom on Wharf Street.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "A newspaper in a town this size is not an institution at a distance. Our reporters sit in the same "
            "pews, wait in the same ferry line and stand behind you at the hardware store. That is our greatest "
            "strength, and it makes our mistakes personal.",
            "So here is what we owe you. When we get a fact wrong, we will correct it promptly and say so at the "
            "bottom of the article, with the date. We will not quietly change a story and hope nobody noticed. "
            "When we make a significant change for other reasons, such as new information or a response we did "
            "not have at first, we will note that too.",
            "## How to reach us",
            "If you think something we published is wrong, write to the newsroom or call the number at the "
            "bottom of this page. A senior editor reads every message. We will not always agree with you, but "
            "we will always answer.",
            "> Trust is not something a newspaper has. It is something a newspaper earns again every morning.",
            "Our corrections policy, our ethics policy and the names of everyone who owns this newspaper are "
            "linked from every page.",
        ],
    },
    {
        "slug": "how-the-fish-pier-became-the-towns-front-porch",
        "section": "local",
        "type": "background",
        "title": "How the fish pier became the town's front porch",
        "standfirst": "Before the harbor bond vote, a look back at a century of the wharf at the foot of Main "
        "Street, and why so many people care what happens to it.",
        "dateline": HC,
        "authors": ["dale-kettering"],
        "tags": ["harbor", "history", "waterfront"],
        "lead": photo(
            "Fish pier at dusk",
            "harbor",
            "16:9",
            "The town fish pier at dusk. The pier was rebuilt after a fire in 1958.",
            f"Olu Bankole/{WIRE}",
            license_url=WIRE_LICENSE_URL,
        ),
        "body": [
            "The wharf at the foot of Main Street has been rebuilt at least four times since the town bought "
            "it in 1921. Each time, the argument over what it should be was the same: a place to work, or a "
            "place to be.",
            "For most of its history, the answer was both. Boats landed herring, then lobster, at the fish "
            "house on its north side, while on summer evenings half the town walked out to the end to watch "
            "the boats come in. A bandstand stood near its base until the 1950s.",
            photo(
                "The fish pier in 1950s style",
                "harbor",
                "4:3",
                "An illustration of the pier as it looked before the 1958 fire, based on photographs in the "
                "historical society's collection.",
                "Handout/Harrow Cove Historical Society",
                creator="Harrow Cove Historical Society",
            ),
            "## Fire and rebuilding",
            "A fire in 1958 destroyed the fish house and most of the deck. The pier that replaced it is the one "
            "that stands today, and much of the timber beneath it is more than 65 years old. Engineers who "
            "inspected it last year found that a third of its pilings need replacement.",
            "> People don't just use the pier. They feel like it's theirs. That's why every decision about it "
            "turns into a town-wide conversation. | Joan Ostrander, president of the Harrow Cove Historical "
            "Society",
            "The harbor bond on the town meeting warrant sets aside $3.1 million for the pier. How the new deck "
            "is laid out, how much room for trucks and bait and how much for benches, would be settled by the "
            "harbor committee this winter.",
        ],
    },
    {
        "slug": "council-caps-short-term-rentals",
        "section": "politics",
        "type": "news",
        "title": "Council caps short-term rentals in the harbor district at 60",
        "standfirst": "The 4-3 vote follows a year of debate over whether vacation rentals are squeezing out "
        "year-round residents.",
        "dateline": HC,
        "authors": ["calvin-ostrowski"],
        "tags": ["housing", "short-term rentals", "town council"],
        "lead": photo(
            "Houses on Front Street",
            "street",
            "4:3",
            "Houses along Front Street, in the harbor district, where the new limit will apply.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "The Harrow Cove Town Council voted 4-3 on Monday night to limit the number of short-term rental "
            "permits in the harbor district to 60, capping a year of hearings that filled the council chambers "
            "more often than any issue in recent memory.",
            "There are 71 licensed short-term rentals in the district. None will lose its permit under the new "
            "rules, but permits will not be reissued when a property is sold until the total falls below the "
            "cap.",
            "> I don't think anyone up here wants to tell people what to do with their homes. But we have "
            "teachers who can't find a place to live within twenty miles. | Councilor Rita Okafor",
            "Opponents on the council argued that the cap would drive up the value of the permits that remain "
            "and do little to add housing. Councilor Bill Haskell, who voted against the measure, said the "
            "town should instead focus on zoning changes that would allow more apartments.",
            "## What happens next",
            "The ordinance takes effect in 30 days. Owners who applied for a permit before Monday's vote will "
            "have their applications considered under the old rules, the town clerk said.",
        ],
    },
    {
        "slug": "analysis-longer-tourist-season-main-street",
        "section": "business",
        "type": "analysis",
        "title": "Analysis: A longer tourist season is quietly reshaping Main Street",
        "standfirst": "Shops that once closed after Labor Day now stay open into December. That is good for "
        "owners, and harder on workers looking for a place to live.",
        "dateline": HC,
        "authors": ["priya-lindqvist"],
        "tags": ["tourism", "Main Street", "economy"],
        "lead": photo(
            "Main Street shops in autumn",
            "street",
            "16:9",
            "Shops on Main Street in late October, when many once closed for the season.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "Ten years ago, the end of the tourist season on Main Street was a single weekend. After Labor Day, "
            "half the shops closed, the inns emptied and the town went back to itself. That weekend is now "
            "harder to find.",
            "Of the 46 storefronts on Main and Chandler streets, 31 stayed open through October this year and "
            "22 plan to stay open into December, according to a count by the downtown business association. "
            "A decade ago, the association counted 14.",
            "## Who benefits",
            "Owners say the longer season has made it possible to keep staff on year-round, and a few have "
            "started to offer health insurance for the first time. Lodging taxes collected from the town's inns "
            "and rentals rose about 40 percent over the same period.",
            "> The shoulder season used to be a rounding error. Now it pays my rent in January. | Harriet "
            "Vance, owner of a Main Street bookshop",
            "The strain shows in housing. Employees who once left town for the winter now need a place to live "
            "all year, in a market where vacation rentals command far more than year-round leases. Several "
            "owners said finding housing for staff had become harder than finding staff.",
        ],
    },
    {
        "slug": "maritime-museum-restores-peapod",
        "section": "culture",
        "type": "reportage",
        "title": "Maritime museum restores a 1920s peapod, plank by plank",
        "standfirst": "Volunteers at the Harrow Cove Maritime Museum spent two winters bringing a double-ended "
        "rowing boat back from the brink.",
        "dateline": HC,
        "authors": ["theo-marchetti"],
        "tags": ["history", "boatbuilding", "museums"],
        "lead": photo(
            "Peapod in the museum workshop",
            "interior",
            "3:2",
            "The restored peapod in the workshop of the Harrow Cove Maritime Museum.",
            f"Ines Calloway/{STAFF}",
        ),
        "body": [
            "The peapod came to the Harrow Cove Maritime Museum in the back of a pickup truck two winters ago, "
            "with daylight showing between half its planks. This week, volunteers set it in the water for the "
            "first time in at least 40 years, and it floated.",
            "Peapods, double-ended rowing boats once used by lobstermen to tend traps close to shore, were "
            "common along this coast a century ago. Museum records suggest this one was built in the 1920s at "
            "a small shop on Greeley Island, though no one has found the builder's name.",
            photo(
                "Steaming a plank for the peapod",
                "interior",
                "4:3",
                "A volunteer bends a steamed cedar plank into place on the peapod's hull.",
                f"Ines Calloway/{STAFF}",
            ),
            "> We replaced about a third of the planks and most of the ribs. Everything we could save, we "
            "saved. | Arthur Coombs, museum volunteer",
            "## On display this summer",
            "The boat will be displayed in the museum's main hall, beside a small exhibit on the island's "
            "boatbuilders. The volunteers plan to row it in the harbor parade in August.",
        ],
    },
    {
        "slug": "library-roof-will-be-replaced",
        "section": "local",
        "type": "news",
        "title": "Library's leaky roof will be replaced this spring, trustees say",
        "standfirst": "Buckets have been a fixture in the Alden Memorial Library's reading room for three "
        "winters. A private gift will cover most of the $480,000 cost.",
        "dateline": HC,
        "authors": ["nadia-ferreira-holt"],
        "tags": ["library", "public buildings"],
        "lead": photo(
            "Alden Memorial Library",
            "street",
            "2:3",
            "The Alden Memorial Library, built in 1899, on Chandler Street.",
            f"Marcus Teel/{STAFF}",
        ),
        "body": [
            "The slate roof of the Alden Memorial Library will be replaced this spring, the library's trustees "
            "announced Thursday, after a gift from a former resident covered most of the cost of a project "
            "that had been put off for three years.",
            "Staff have been setting out buckets in the second-floor reading room during heavy rain for three "
            "winters, and water damaged about 300 books in the local history collection during a storm two "
            "years ago.",
            "The gift, $400,000 from the estate of a retired teacher who grew up in Harrow Cove, will be "
            "combined with $80,000 from the library's own reserves. The donor asked not to be named, trustees "
            "said.",
            "> She wrote in her letter that this library was the warmest room she knew as a child. We want to "
            "keep it that way, and dry. | Frances Oduya, chair of the library trustees",
            "The library will stay open during the work, though the reading room will close for about six "
            "weeks. The local history collection will move temporarily to the town office.",
        ],
    },
]

# Corrections, access, search controls and video (issue 17) ---------------------------------------

CORRECTIONS_PAGE = {
    "slug": "corrections",
    "title": "Corrections and clarifications",
    "intro": "When we get something wrong, we fix it and say so at the foot of the article. Every correction "
    "and clarification we have published is listed here, newest first. To report an error, write to the "
    "news desk.",
}

ACCESS = {
    "wall": "subscribe",
    "heading": "Keep reading The Beacon",
    "message": "Reporting like this is paid for by our subscribers. Subscribe to read the rest of this article "
    "and everything else we publish, from town meeting to the fish pier.",
    "subscribe_url": "https://harrowcovebeacon.example/subscribe/",
    "subscribe_label": "Subscribe from $2 a week",
    "meter_allowance": 5,
}

#: The demo video: a made-up YouTube address whose provider answer is stored with the demo (an
#: ``Embed`` row), so that the demo site never asks YouTube; the player itself shows nothing.
DEMO_VIDEO = {
    "url": "https://www.youtube.com/watch?v=hcbPeapod01",
    "title": "Video: the peapod's first row in 40 years",
    "player": "https://www.youtube-nocookie.com/embed/hcbPeapod01",
}

#: What the editors did to some articles after publication, by slug. ``corrections`` are
#: ``(kind, minutes after publication, text)``; ``video`` inserts a video block after that many blocks.
EDITORIAL = {
    "state-ferry-fares-to-rise-in-spring": {
        "canonical_url": "https://pinecoastwire.example/2026/state-ferry-fares-rise-spring/",
        "source_url": "https://pinecoastwire.example/2026/state-ferry-fares-rise-spring/",
        "source_publisher": "Pine Coast Wire",
    },
    "clam-flats-reopen": {
        "corrections": [
            (
                "correction",
                145,
                "An earlier version of this article said 212 diggers hold town shellfish licenses. The town "
                "has issued 186 licenses this year.",
            ),
            (
                "clarification",
                150,
                "The flats between the town landing and Pound Cove remain closed; only the northern flats "
                "have reopened.",
            ),
        ],
    },
    "analysis-longer-tourist-season-main-street": {"access": "subscribers", "free_paragraphs": 2},
    "how-the-fish-pier-became-the-towns-front-porch": {"access": "metered", "free_paragraphs": 2},
    "what-a-local-newsroom-owes-its-town": {"news_noindex": True, "max_image_preview": "large"},
    "maritime-museum-restores-peapod": {
        "video_after": 2,
        "video": {
            "video": DEMO_VIDEO["url"],
            "title": DEMO_VIDEO["title"],
            "description": "Volunteers from the Harrow Cove Maritime Museum row the restored 1920s peapod "
            "across the inner harbor on its first day back in the water.",
            "duration": "2:47",
            "upload_days_ago": 1,
            "thumbnail": photo(
                "Peapod on the water",
                "harbor",
                "16:9",
                "The restored peapod on its first row across the inner harbor.",
                f"Ines Calloway/{STAFF}",
            ),
        },
    },
}


# Live coverage ---------------------------------------------------------------------------------
# One live blog; its updates are spread over the last day (``minutes_ago`` from when the demo is
# loaded), newest last here, each optionally with a photo, authors and a pin.

LIVE_BLOG = {
    "slug": "live-nor-easter-power-and-ferry-outages",
    "section": "local",
    "title": "Live: nor'easter knocks out power and halts the island ferry",
    "standfirst": "Wind, rain and a storm surge across the midcoast: outages, road closures, the ferry and "
    "shelters, as they happen.",
    "dateline": HC,
    "authors": ["dale-kettering", "nadia-ferreira-holt"],
    "tags": ["storm", "power", "ferry"],
    "hours": 24,
    "lead": photo(
        "Waves over the breakwater",
        "storm",
        "16:9",
        "Waves break over the Harrow Cove breakwater as the storm reaches the coast.",
        f"Ines Calloway/{STAFF}",
    ),
    "intro": [
        "A nor'easter is moving up the coast with gusts near hurricane strength on the islands, heavy rain "
        "and a storm surge timed with the month's highest tides.",
        "Our reporters are following it from the harbor, the fire station and the ferry terminal, with "
        "outages, closures and shelters as they change.",
        "The newest updates are at the top. Pinned: where to go if you lose heat.",
    ],
    "updates": [
        (
            1430,
            "Storm warning in effect",
            "The weather service has put the whole midcoast under a storm "
            "warning from this evening until tomorrow afternoon. Gusts of 60 mph are possible on the islands.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            1380,
            "",
            "The harbormaster asks boat owners to double their mooring lines before dark. The town "
            "float will be pulled at six.",
            ["nadia-ferreira-holt"],
            None,
            False,
        ),
        (
            1320,
            "Where to go if you lose heat",
            "The community center on School Street opens as a warming "
            "shelter at 8 p.m., with cots, hot drinks and charging tables. Pets are welcome in carriers.",
            [],
            None,
            True,
        ),
        (
            1250,
            "",
            "Rain has started in earnest on Main Street, and the first gusts are rattling the signs "
            "outside the hardware store.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            1190,
            "First outages reported",
            "The utility's map shows 340 customers without power on the Shore "
            "Road, where a limb came down across the lines.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            1130,
            "",
            "The fire department has closed the causeway to Ledge Point after waves began washing "
            "gravel onto the road.",
            ["nadia-ferreira-holt"],
            photo(
                "Spray over the causeway",
                "storm",
                "3:2",
                "Spray crosses the Ledge Point causeway before it was closed to traffic.",
                f"Marcus Teel/{STAFF}",
            ),
            False,
        ),
        (
            1060,
            "Outages climb past 2,000",
            "More than 2,000 homes and businesses in town are now dark. Crews "
            "say they will not go up in bucket trucks until the wind drops below 40 mph.",
            [],
            None,
            False,
        ),
        (
            990,
            "",
            "A reader on Greeley Island reports the wind has torn the roof off the bait shed by the "
            "island dock. No one was inside.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            930,
            "Ferry cancelled for the morning",
            "The ferry service has cancelled the 6:15 and 7:30 crossings. The next decision will come at 9 a.m.",
            ["nadia-ferreira-holt"],
            None,
            False,
        ),
        (
            870,
            "",
            "Twelve people spent the night at the community center shelter, the fire chief says, and "
            "two brought their cats.",
            [],
            None,
            False,
        ),
        (
            800,
            "High tide passes",
            "The midnight high tide came within a foot of the town pier deck but did "
            "not cover it. The next high tide, around noon, is the one officials are watching.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            720,
            "",
            "Gusts measured at the harbor mouth peaked at 67 mph just after 1 a.m., the strongest "
            "reading there in six years.",
            ["dale-kettering"],
            None,
            False,
        ),
        (640, "", "Wind is easing a little in town. Rain continues, heavy at times.", [], None, False),
        (
            560,
            "Roads closed this morning",
            "Closed: the Ledge Point causeway, the Shore Road between Cove "
            "Lane and the lighthouse, and Mill Street at the bridge. Use the Route 1 detour.",
            ["nadia-ferreira-holt"],
            None,
            False,
        ),
        (
            500,
            "",
            "Crews are out with chainsaws on the Shore Road. At least four trees are across the road "
            "near the lighthouse turn.",
            ["dale-kettering"],
            photo(
                "Chainsaw crew on the Shore Road",
                "storm",
                "3:2",
                "A town crew cuts up a fallen spruce on the Shore Road.",
                f"Ines Calloway/{STAFF}",
            ),
            False,
        ),
        (
            430,
            "Schools closed",
            "All Harrow Cove schools are closed today. The superintendent says buildings "
            "have power but too many bus routes are blocked.",
            [],
            None,
            False,
        ),
        (
            360,
            "",
            "The ferry will not run before noon at the earliest. Islanders who need medical care "
            "should call the island clinic, which has a generator.",
            ["nadia-ferreira-holt"],
            None,
            False,
        ),
        (
            290,
            "Noon tide floods the pier lot",
            "Seawater covered the lower half of the town pier parking lot "
            "at high tide. The harbormaster had the lot cleared of cars at ten.",
            ["dale-kettering"],
            photo(
                "Flooded pier parking lot",
                "harbor",
                "3:2",
                "Seawater covers the lower pier parking lot at the noon high tide.",
                f"Marcus Teel/{STAFF}",
            ),
            False,
        ),
        (
            230,
            "",
            "Power is back for about 900 customers in the village center, the utility says. About "
            "1,400 are still without.",
            [],
            None,
            False,
        ),
        (
            170,
            "Ferry resumes",
            "The 2 p.m. crossing will run with a reduced load. Vehicles with island reservations go first.",
            ["nadia-ferreira-holt"],
            None,
            False,
        ),
        (
            110,
            "",
            "The causeway to Ledge Point has reopened. Public works asks drivers to slow down: there "
            "is still gravel and kelp on the road.",
            ["dale-kettering"],
            None,
            False,
        ),
        (
            50,
            "Shelter to close tonight",
            "The community center shelter will close at 9 p.m. if power holds. "
            "Anyone still without heat can call the fire station for a ride to the regional shelter.",
            [],
            None,
            False,
        ),
        (
            15,
            "",
            "The utility now expects nearly everyone in town to have power back by midnight. We will "
            "keep updating this page until the last crews are done.",
            ["dale-kettering"],
            None,
            False,
        ),
    ],
}


# Translations ----------------------------------------------------------------------------------
# French and Spanish versions of the home page, two sections, the authors index and three articles
# (short versions written for the demo, not word-for-word translations of the English).

TRANSLATED_PAGES = {
    "fr": {
        "home": {
            "title": "Le Beacon de Harrow Cove",
            "intro": "Les nouvelles de Harrow Cove et de la côte, en français.",
        },
        "sections": {
            "local": {"title": "Local", "intro": "La ville, le port et les gens de Harrow Cove."},
            "business": {"title": "Économie", "intro": "La pêche, les chantiers et la rue principale."},
        },
        "authors": {"title": "Nos journalistes", "intro": "Les reporters et collaborateurs du Beacon."},
    },
    "es": {
        "home": {"title": "El Beacon de Harrow Cove", "intro": "Noticias de Harrow Cove y de la costa, en español."},
        "sections": {
            "local": {"title": "Local", "intro": "El pueblo, el puerto y la gente de Harrow Cove."},
            "business": {"title": "Economía", "intro": "La pesca, los astilleros y la calle mayor."},
        },
        "authors": {"title": "Nuestros periodistas", "intro": "Los reporteros y colaboradores del Beacon."},
    },
}

TRANSLATED_ARTICLES = {
    "inner-harbor-dredging-to-begin-next-month": {
        "fr": {
            "slug": "dragage-du-port-interieur",
            "title": "Le dragage du port intérieur commencera le mois prochain après deux ans de retard",
            "standfirst": "Le chantier de 4,2 millions de dollars creusera le chenal jusqu'au quai municipal, où "
            "les homardiers chargés s'échouent à marée basse.",
            "body": [
                "Les travaux pour approfondir le port intérieur de Harrow Cove commenceront la deuxième semaine "
                "du mois prochain, a annoncé mardi le capitaine de port.",
                "Environ 29 000 mètres cubes de vase seront retirés du chenal qui mène au quai municipal. Aux plus "
                "basses marées, certains passages n'ont plus qu'un mètre d'eau.",
                "Les corps-morts les plus proches du quai seront déplacés par étapes, avec au moins une semaine "
                "de préavis. Le chantier doit durer une dizaine de semaines.",
            ],
        },
        "es": {
            "slug": "dragado-del-puerto-interior",
            "title": "El dragado del puerto interior empezará el mes próximo tras dos años de retraso",
            "standfirst": "La obra de 4,2 millones de dólares hará más profundo el canal hasta el muelle "
            "municipal, donde los barcos langosteros cargados encallan con la marea baja.",
            "body": [
                "Las obras para dar más calado al puerto interior de Harrow Cove comenzarán la segunda semana del "
                "mes próximo, dijo el martes el capitán del puerto.",
                "Se retirarán unos 29.000 metros cúbicos de lodo del canal que lleva al muelle municipal. En las "
                "mareas más bajas, algunos tramos apenas tienen un metro de agua.",
                "Los fondeos más cercanos al muelle se moverán por etapas, con al menos una semana de aviso. Se "
                "espera que la obra dure unas diez semanas.",
            ],
        },
    },
    "tidewell-bakery-opens-in-old-bank-building": {
        "fr": {
            "slug": "une-boulangerie-dans-l-ancienne-banque",
            "title": "Une boulangerie ouvre dans l'ancienne banque, et la file déborde sur le trottoir",
            "standfirst": "Tidewell Bakery n'avait plus un seul chausson à 9 heures, le jour de son ouverture "
            "dans l'ancienne succursale de la rue principale.",
            "body": [
                "La file d'attente commençait devant l'ancienne porte de la banque avant même l'aube.",
                "Les propriétaires ont gardé la chambre forte, qui sert désormais de réserve à farine, et le "
                "comptoir de marbre où l'on encaissait autrefois les chèques.",
                "La boulangerie ouvre du mercredi au dimanche. Elle prévoit de doubler sa production le week-end.",
            ],
        },
        "es": {
            "slug": "una-panaderia-en-el-antiguo-banco",
            "title": "Una panadería abre en el antiguo banco, y la fila llega hasta la esquina",
            "standfirst": "Tidewell Bakery agotó sus bollos antes de las 9 de la mañana en su primer día en la "
            "antigua sucursal de la calle mayor.",
            "body": [
                "La fila empezaba frente a la vieja puerta del banco antes del amanecer.",
                "Los dueños conservaron la cámara acorazada, que ahora guarda la harina, y el mostrador de "
                "mármol donde antes se cobraban los cheques.",
                "La panadería abre de miércoles a domingo y piensa duplicar la producción los fines de semana.",
            ],
        },
    },
    "crews-clear-downed-trees-after-overnight-gusts": {
        "fr": {
            "slug": "arbres-tombes-apres-les-rafales",
            "title": "Les équipes dégagent les arbres tombés après des rafales qui ont privé 2 100 foyers "
            "d'électricité",
            "standfirst": "Des rafales de plus de 95 km/h ont abattu des arbres dans le nord de la ville. La "
            "plupart des foyers ont retrouvé le courant dans la matinée.",
            "body": [
                "Les équipes municipales ont travaillé toute la nuit pour rouvrir les routes bloquées.",
                "Le fournisseur d'électricité indique que les dernières coupures devraient être réparées d'ici "
                "la fin de la journée.",
                "La ville rappelle de ne jamais s'approcher d'un câble tombé et de signaler tout danger aux pompiers.",
            ],
        },
        "es": {
            "slug": "arboles-caidos-tras-las-rafagas",
            "title": "Las cuadrillas retiran árboles caídos tras ráfagas que dejaron sin luz a 2.100 hogares",
            "standfirst": "Ráfagas de más de 95 km/h derribaron árboles en el norte del pueblo. La mayoría de "
            "los hogares recuperó la luz por la mañana.",
            "body": [
                "Las cuadrillas municipales trabajaron toda la noche para reabrir los caminos bloqueados.",
                "La compañía eléctrica dice que los últimos cortes quedarán reparados antes del final del día.",
                "El ayuntamiento recuerda que nunca hay que acercarse a un cable caído y que cualquier peligro "
                "debe avisarse a los bomberos.",
            ],
        },
    },
}
