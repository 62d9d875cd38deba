"""Minutes of our own in the style of the CS minutes, with the variations real files have.

Names and events are made up; the demo's people and bodies are used so the
people match.
"""

# The keys of `import-minutes --dry-run --json`, in order, as the README documents them.
DRY_RUN_KEYS = [
    "body",
    "date",
    "participants",
    "officials",
    "absent",
    "secretary",
    "items",
    "warnings",
]

DS_NORDVAST = """Minnesanteckningar möte i Delregional samverkan Nordväst, 2024-03-15

Deltagare

För Region Skåne
Karin Demo-Bergström (ordförande), Lisa Flinth

För kommunerna
Per Demo-Holm (Helsingborg) (vice ordförande), Teddy Nilsson (Svalöv)

Tjänstepersoner för Region Skåne
Johan Cosmo

Tjänstepersoner för kommunerna
Sara Österberg

Förhinder
Anders Lundström

Sekreterare
Jill Persson

Dagordning

1. Välkommen
Karin hälsar alla välkomna och dagordningen fastställs.

2. Rutin för samordnad vårdplanering
Johan Cosmo, Sara Österberg
Rutinen presenterades. Den har tagits fram i Central tjänstemannaberedning.
Rutinen godkänns.
Återkoppling till CS i juni 2024.

3. Lägesbild mobila team
Johan Cosmo
Arbetet pågår i alla kommuner i delregionen.
Informationen noteras.

4. Övriga frågor
Inga övriga frågor togs upp.
"""

MISSING_SECTIONS = """Minnesanteckningar möte i Central tjänstemannaberedning, 2024-02-02

Deltagare

För Region Skåne
Johan Cosmo, Jolanda Van Vliet

För kommunerna
Nina Mårtensson (Malmö), Sara Österberg

Sekreterare: Jill Persson

Dagordning

Beredning inför CS
Johan Cosmo, Sara Österberg
Dagordningen till CS i februari gicks igenom.
"""

ODD_SPACING = (
    "  Minnesanteckningar   möte i Centralt\u00a0Samverkansorgan ,  2024-04-12  \r\n"
    " \r\n\r\n"
    "Deltagare:\r\n"
    "\t\r\n"
    "För Region Skåne  \r\n"
    "Anna  Mannfalk  (ordförande) ,Lisa Flinth,   Patrik Holmberg\r\n"
    "   \r\n"
    "För kommunerna\r\n"
    "Anders Rubin, Malmö (ordförande),Johan Andersson ( Eslöv )\r\n"
    "\r\n"
    "Förhinder\r\n"
    "Gunilla Wahlberg ,  Mätta Ivarsson\r\n"
    "Sekreterare\r\n"
    "Jill Persson\r\n"
    "\r\n\r\n\r\n"
    "Dagordning\r\n"
    "   \r\n"
    "Återkoppling uppdragsbeskrivning avtalsuppföljning  \r\n"
    "Sara Österberg ,  Johan Cosmo\r\n"
    "Uppföljningen   av HS-avtalet  redovisades.\r\n"
    "Informationen noteras.\r\n"
)

PAGE_BREAKS = """Minnesanteckningar möte i Centralt
Samverkansorgan, 2024-06-14

Deltagare

För Region Skåne
Anna Mannfalk (ordförande), Anders Lundström, Lisa Flinth, Patrik Holmberg, Mätta

Ivarsson, Marianne Eriksson

För kommunerna
Anders Rubin, Malmö (ordförande), Patric Åberg (Östra Göinge)

Sekreterare
Jill Persson

Dagordning

Riktlinje för läkemedelshantering
Johan Cosmo, Sara Österberg
Riktlinjen skickades ut med dagordningen. Riktlinjen godkänns med nedan
förändringar;

- att riktlinjen gäller från och med den 1 september 2024 och att den följs upp
Sida 2 av 3

efter ett år.
- att kommunerna får ta del av utbildningsmaterialet.

Mer information finns på https://v%C3%A5rdsamverkansk%C3%A5ne.se/riktlinjer/l%C3%A4kemedel-
och-hj%C3%A4lpmedel/

Information om e-hälsa
och informationsöverföring
Johan Cosmo
Region Skåne informerade om bytet av journalsystem.
Återkoppling till CS i september 2024.
"""

OUTCOMES = """Minnesanteckningar möte i Centralt Samverkansorgan, 2024-09-13

Deltagare

För Region Skåne
Anna Mannfalk (ordförande)

För kommunerna
Anders Rubin (Malmö)

Sekreterare
Jill Persson

Dagordning

Förslag om gemensam hjälpmedelsnämnd
Sara Österberg
Förslaget behöver beredas vidare. Ärendet återremitteras till Central tjänstemannaberedning.

Kompetensförsörjning i hemsjukvården
Johan Cosmo, Sara Österberg
CS rekommenderar parterna att anta den gemensamma strategin.

Budget för gemensamma utbildningar
Johan Cosmo
Ärendet bordläggs till nästa möte.
"""

# Made into a PDF (WeasyPrint) and a Word file (python-docx) by the tests.
CTB_FOR_FILES = """Minnesanteckningar möte i Central tjänstemannaberedning, 2024-05-17

Deltagare

För Region Skåne
Johan Cosmo, Jolanda Van Vliet

För kommunerna
Nina Mårtensson (Malmö), Sara Österberg (Eslöv)

Förhinder
Emelie Sundén

Sekreterare
Jill Persson

Dagordning

Välkommen
Johan hälsar alla välkomna.

Uppföljning av avvikelser
Nina Mårtensson, Johan Cosmo
Statistiken för första kvartalet redovisades. Flest avvikelser gäller utskrivning från slutenvården.
Informationen noteras.
Återkoppling till CS i juni 2024.

Läs mer på https://vardgivare.skane.se/samverkan/avvikelser/

Gemensam intern kommunikationsplan
Sara Österberg
Förslaget till kommunikationsplan godkänns med nedan förändringar;
- att planen även omfattar delregional samverkan.
- att planen följs upp årligen.
"""

UNREADABLE = """Till alla medarbetare

Här kommer information om julbordet. Anmälan senast den 1 december.
Välkomna!
"""
