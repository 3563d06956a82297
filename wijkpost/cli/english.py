"""The CLI's help texts in English, for ``--lang en`` and ``WIJKPOST_LANG=en``.

The help texts are written in Dutch where each command is defined, as users read them first;
this table gives each its English text, keyed by the Dutch one (as :func:`inspect.cleandoc`
leaves a docstring). It is loaded only for English. A test checks that every help text of the
CLI is here and nothing else is, so a changed Dutch text cannot quietly lose its translation.
"""

ENGLISH: dict[str, str] = {
    # wijkpost
    "wijkpost: schrijf een wijkbericht één keer en publiceer het op Mastodon, X en de wijksite."
    "\n\nBegin met 'wijkpost init' of werk in een map met een wijkpost.yaml.":
        "wijkpost: write a neighbourhood update once and publish it to Mastodon, X and the "
        "neighbourhood site.\n\nStart with 'wijkpost init' or work in a directory with a "
        "wijkpost.yaml.",
    # click's own two, as wijkpost gives them in Dutch
    "Toon de versie en stop.": "Show the version and exit.",
    "Toon deze hulp en stop.": "Show this message and exit.",
    "wijkpost.yaml (standaard: gezocht vanaf de huidige map omhoog).":
        "wijkpost.yaml (default: searched from the current directory upwards).",
    "Namens wie (standaard: de enige of de standaardauteur).":
        "On whose behalf (default: the only or the default author).",
    "Taal van de meldingen (standaard nl).": "Language of the messages (default nl).",
    "Toon een volledige traceback bij fouten.": "Show a full traceback on errors.",
    "Uitvoer als JSON, voor scripts.": "Output as JSON, for scripts.",
    # the short helps `wijkpost --help` lists where the first sentence is too long for it
    "Maak een nieuw wijkpost-project.": "Create a new wijkpost project.",
    "Controleer wijkpost.yaml en toon een overzicht.": "Check wijkpost.yaml and show an overview.",
    "Haal reacties, vermeldingen en wijknieuws op.":
        "Fetch replies, mentions and neighbourhood news.",
    "Nieuwe reacties en tips per onderwerp, gemaskeerd.":
        "New replies and tips by topic, masked.",
    "Antwoord vanaf het account dat het item ontving.":
        "Reply from the account that received the item.",
    "Maandrapport: aantallen, afhandeling, reactietijd.":
        "Monthly report: counts, handling, response time.",
    "Toon de accounts en of er een inlog is.": "List the accounts and whether one is logged in.",
    "Toon per doel precies wat het ontvangt.": "Show exactly what each target receives.",
    "Bewerk een concept in $EDITOR.": "Edit a draft in $EDITOR.",
    "Verwijder een concept.": "Delete a draft.",
    "Publiceer een concept naar zijn doelen.": "Publish a draft to its targets.",
    "Neem een concept uit een verplaatst project over.": "Take over a draft of a moved project.",
    "Neem een concept over in dit project, als zijn eigen project er niet meer is (de map is\n"
    "verplaatst of hernoemd). Een concept van een project dat er nog is, blijft daar.":
        "Take a draft over into this project when its own project is gone (the folder was\n"
        "moved or renamed). A draft of a project that still exists stays there.",
    "0: een vrije poort.": "0: a free port.",
    "Bekijk de site lokaal in je browser.": "View the site locally in your browser.",
    # init, check
    "Maak een nieuw wijkpost-project met een configuratie en één wijksite.":
        "Create a new wijkpost project with a configuration and one neighbourhood site.",
    "Korte naam van de auteur, bv. jdevries.": "Short name of the author, e.g. jdevries.",
    "Volledige naam van de auteur.": "Full name of the author.",
    "Rol, bv. wijkmanager of wijkagent.": "Role, e.g. wijkmanager or wijkagent.",
    "Korte naam van de wijksite, bv. oosterpark.":
        "Short name of the neighbourhood site, e.g. oosterpark.",
    "Titel van de wijksite.": "Title of the neighbourhood site.",
    "Adres waar de site komt te staan (https://…/).": "Address the site will live at (https://…/).",
    "Mastodon-account van het werk, bv. @wijk@social.example.":
        "The work Mastodon account, e.g. @wijk@social.example.",
    "X-account van het werk, bv. @wijk.": "The work X account, e.g. @wijk.",
    "Kantoortijden, bv. 'ma-vr 08:30-17:00' of 'ma-do 08:30-17:00; vr 08:30-12:30'.":
        "Office hours, e.g. 'mon-fri 08:30-17:00' or 'mon-thu 08:30-17:00; fri 08:30-12:30'.",
    "Ondertekening onder berichten, bv. ^JdV.": "Signature under posts, e.g. ^JdV.",
    "Geen vragen: neem vlaggen en standaardwaarden.":
        "No questions: take the flags and default values.",
    "Controleer wijkpost.yaml en toon auteurs, hoeden, accounts en sites.":
        "Check wijkpost.yaml and show authors, hats, accounts and sites.",
    # draft
    "Concepten: schrijven, bekijken, bewerken, verwijderen.":
        "Drafts: write, view, edit, delete.",
    "Verwijder een concept (een gepubliceerd bericht blijft gewoon staan).":
        "Delete a draft (a published post stays where it is).",
    "Niet om bevestiging vragen.": "Do not ask for confirmation.",
    "Bewerk een concept in $EDITOR (Markdown met voorwerk); gecontroleerd voor het opslaan.":
        "Edit a draft in $EDITOR (Markdown with front matter); checked before it is saved.",
    "Toon de concepten in je eigen opslag.": "List the drafts in your own store.",
    "Schrijf een nieuw concept. Tekst als argument, via stdin, of in $EDITOR.":
        "Write a new draft. Text as an argument, on stdin, or in $EDITOR.",
    "De hoed: bv. werk of prive.": "The hat: e.g. werk or prive.",
    "Account of site (herhaalbaar); standaard de doelen van het profiel.":
        "Account or site (repeatable); default: the profile's targets.",
    "Titel (voor de site en bovenaan het bericht).": "Title (for the site and atop the post).",
    "Onderwerp (herhaalbaar).": "Topic (repeatable).",
    "Afbeelding (herhaalbaar, elk met een --alt).": "Image (repeatable, each with an --alt).",
    "Alt-tekst bij de --image op dezelfde plek.": "Alt text for the --image in the same place.",
    "Publiceren vanaf, lokale tijd: '2026-11-25 09:00'.":
        "Publish from, local time: '2026-11-25 09:00'.",
    "Te lang voor een netwerk: draad, inkorten met link, of weigeren.":
        "Too long for a network: thread, shorten with a link, or refuse.",
    "Antwoord op dit Mastodon- of X-bericht (alleen vanaf een account van je hoed).":
        "Reply to this Mastodon or X post (only from an account of your hat).",
    "Toon per doel precies wat het ontvangt: delen, lengte, ondertekening, afbeeldingen.":
        "Show for each target exactly what it receives: parts, length, signature, images.",
    # publish, status
    "Publiceer een concept naar zijn doelen. Opnieuw draaien maakt af wat nog openstaat.":
        "Publish a draft to its targets. Running it again finishes what is left.",
    "Publiceer alle concepten waarvan de tijd gekomen is (voor cron).":
        "Publish every draft whose time has come (for cron).",
    "Niet wachten op kantoortijden of de geplande tijd.":
        "Do not wait for office hours or the scheduled time.",
    "Toon wat er zou gebeuren; verstuur niets.": "Show what would happen; send nothing.",
    "Geef dit doel op (bv. na een weigering) en maak het concept af zonder.":
        "Give up on this target (after a refusal, say) and finish the draft without it.",
    "Te lang: draad, inkorten met link, of weigeren.":
        "Too long: thread, shorten with a link, or refuse.",
    "Toon per doel en deel wat er met een concept gebeurd is.":
        "Show for each target and part what happened to a draft.",
    # site
    "De wijksite: bouwen en lokaal bekijken.": "The neighbourhood site: build and view locally.",
    "Bouw de site(s): alleen wat veranderd is, of alles met --clean.":
        "Build the site(s): only what changed, or everything with --clean.",
    "Alleen deze site (standaard: alle).": "Only this site (default: all).",
    "Alles opnieuw opbouwen.": "Build everything again.",
    "Bekijk de site op http://localhost:PORT (bouwt eerst wat veranderd is).":
        "View the site at http://localhost:PORT (builds what changed first).",
    "Welke site (standaard: de eerste).": "Which site (default: the first).",
    # account
    "Accounts: inloggen, overzicht, controleren, uitloggen.":
        "Accounts: log in, list, check, log out.",
    "Controleer live of de inlog werkt en bij het juiste account hoort.":
        "Check live that the login works and belongs to the right account.",
    "Toon de accounts: netwerk, naam, hoed en of er inloggegevens zijn (nooit de waarde).":
        "List the accounts: network, name, hat and whether credentials are present (never "
        "their value).",
    "Log in op een account; de gegevens gaan naar de sleutelhanger.":
        "Log in to an account; the credentials go to the keyring.",
    "Mastodon: een bestaand toegangstoken (anders de browserstap); '-': gevraagd, niet "
    "getoond.":
        "Mastodon: an existing access token (instead of the browser step); '-': asked for, "
        "not shown.",
    "X: de API-sleutel van je eigen app.": "X: the API key of your own app.",
    "X: het API-geheim van je eigen app.": "X: the API secret of your own app.",
    "X: een bestaand toegangstoken (met --access-secret; anders de pincode-stap).":
        "X: an existing access token (with --access-secret; instead of the PIN step).",
    "X: het geheim bij --access-token.": "X: the secret that goes with --access-token.",
    "Ook als het account niet het geconfigureerde is.":
        "Even when the account is not the configured one.",
    "Verwijder de inloggegevens van een account van deze computer.":
        "Remove an account's credentials from this computer.",
    # collect, digest, report, purge
    "Haal reacties, vermeldingen en wijknieuws op sinds de vorige keer.":
        "Fetch replies, mentions and neighbourhood news since last time.",
    "Alleen dit account (ook een persoonlijk).": "Only this account (a personal one too).",
    "Alleen deze bron, bv. mastodon-wijk:mentions.":
        "Only this source, e.g. mastodon-wijk:mentions.",
    "De digest: nieuwe reacties en tips per onderwerp, persoonsgegevens gemaskeerd.":
        "The digest: new replies and tips by topic, personal data masked.",
    "Alles, niet alleen wat nieuw is.": "Everything, not only what is new.",
    "Binnengekomen in de laatste …, bv. 7d of 12h.": "Arrived in the last …, e.g. 7d or 12h.",
    "Alleen dit onderwerp.": "Only this topic.",
    "Alleen deze stand.": "Only this state.",
    "Alleen wat dit account ontving.": "Only what this account received.",
    "Schrijf naar dit bestand (nodig bij --format html).":
        "Write to this file (needed with --format html).",
    "Markeer items als afgehandeld.": "Mark items as done.",
    "Markeer een item als doorgestuurd, aan wie en met welke notitie.":
        "Mark an item as forwarded, to whom and with which note.",
    "Aan wie (bv. afdeling of collega).": "To whom (e.g. a department or colleague).",
    "Een notitie erbij.": "A note to go with it.",
    "Antwoord vanaf het account dat het item ontving (als concept, via het journaal).":
        "Answer from the account that received the item (as a draft, through the journal).",
    "Niet wachten op kantoortijd.": "Do not wait for office hours.",
    "Alleen het concept maken, nog niet versturen.": "Only make the draft, do not send it yet.",
    "Toon één item helemaal, met zijn geschiedenis.": "Show one item in full, with its history.",
    "Toon het origineel, zonder maskering (wordt vastgelegd).":
        "Show the original, unmasked (this is recorded).",
    "Geef een item met de hand een onderwerp.": "Give an item a topic by hand.",
    "Maandrapport: per onderwerp en kanaal, per week, afhandeling en reactietijd.":
        "Monthly report: by topic and channel, by week, handling and response time.",
    "Welke maand (standaard: de vorige).": "Which month (default: the previous one).",
    "HTML-pagina met grafiek (standaard: rapport-JJJJ-MM.html).":
        "HTML page with a chart (default: rapport-YYYY-MM.html).",
    "Verwijder items ouder dan privacy.retention_days.":
        "Delete items older than privacy.retention_days.",
}

# The placeholders for values in a usage line and the option lists.
ENGLISH_METAVARS: dict[str, str] = {
    "AUTEUR": "AUTHOR", "BESTAND": "FILE", "BRON": "SOURCE", "DOEL": "TARGET", "DUUR": "PERIOD",
    "GEHEIM": "SECRET", "JJJJ-MM": "YYYY-MM", "NAAM": "NAME", "[NAAM]": "[NAME]", "NR": "ID",
    "[NR]": "[ID]", "NR...": "ID...", "PAD": "PATH", "POORT": "PORT", "PROFIEL": "PROFILE",
    "ROL": "ROLE", "SLEUTEL": "KEY", "TEKST": "TEXT", "[TEKST]": "[TEXT]", "TIJD": "TIME",
    "TIJDEN": "HOURS", "TITEL": "TITLE", "WIE": "WHOM", "[MAP]": "[DIRECTORY]",
}
