"""Word pools and the 21 Swedish regions for the synthetic data set.

Every name is made up except the regions; no text contains a number that
could be read as a personal identity number.
"""

# The 21 regions with their number of municipalities (290 in all) and county code.
REGIONS = [
    ("Stockholm", 26, 1),
    ("Uppsala", 8, 3),
    ("Sörmland", 9, 4),
    ("Östergötland", 13, 5),
    ("Jönköpings län", 13, 6),
    ("Kronoberg", 8, 7),
    ("Kalmar län", 12, 8),
    ("Gotland", 1, 9),
    ("Blekinge", 5, 10),
    ("Skåne", 33, 12),
    ("Halland", 6, 13),
    ("Västra Götaland", 49, 14),
    ("Värmland", 16, 17),
    ("Örebro län", 12, 18),
    ("Västmanland", 10, 19),
    ("Dalarna", 15, 20),
    ("Gävleborg", 10, 21),
    ("Västernorrland", 7, 22),
    ("Jämtland Härjedalen", 8, 23),
    ("Västerbotten", 15, 24),
    ("Norrbotten", 14, 25),
]

PLACE_STEMS = [
    "Al",
    "Berg",
    "Bro",
    "Dal",
    "Ek",
    "Fal",
    "Gran",
    "Hag",
    "Hög",
    "Is",
    "Kil",
    "Lin",
    "Ljung",
    "Mal",
    "Mo",
    "Norr",
    "Ny",
    "Ros",
    "Sand",
    "Sköv",
    "Sol",
    "Sten",
    "Sund",
    "Tran",
    "Ulv",
    "Vall",
    "Väst",
    "Ås",
    "Ö",
    "Ör",
]
PLACE_ENDINGS = [
    "by",
    "sala",
    "köping",
    "hamn",
    "stad",
    "vik",
    "ås",
    "torp",
    "näs",
    "berga",
    "lund",
    "holm",
    "fors",
    "dal",
    "ryd",
    "åker",
    "mark",
    "hult",
    "sjö",
    "bo",
]
SUBREGION_NAMES = ["Nordväst", "Nordost", "Mitt", "Sydväst", "Sydost"]

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kerstin",
    "Emma",
    "Ingrid",
    "Malin",
    "Johan",
    "Lars",
    "Anders",
    "Per",
    "Erik",
    "Karl",
    "Mikael",
    "Peter",
    "Jonas",
    "Fredrik",
    "Sofia",
    "Hanna",
    "Ali",
    "Amira",
    "Mohammed",
    "Noor",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Holm",
    "Berg",
    "Ström",
    "Sandberg",
    "Ek",
    "Nyström",
    "Hassan",
    "Yilmaz",
    "Öberg",
    "Åkesson",
]

ITEM_TITLES = [
    "Mötets öppnande och val av justerare",
    "Föregående minnesanteckningar",
    "Uppföljning av hälso- och sjukvårdsavtalet",
    "Informationsöverföring vid utskrivning",
    "Läkemedelsgenomgångar i kommunal hälso- och sjukvård",
    "Kompetensförsörjning inom vård och omsorg",
    "E-hälsa och gemensam vårdplanering",
    "Avvikelser i samverkan: lägesrapport",
    "Nationella frågor och kunskapsstyrning",
    "Hjälpmedel: gemensam riktlinje",
    "Psykisk hälsa: handlingsplan",
    "Barn och unga: samordnad individuell plan",
    "Ekonomiska konsekvenser för parterna",
    "Rapporter från delregionerna",
    "Övriga frågor",
]
ITEM_KINDS = ["decision", "information", "discussion", "standing"]
NOTES = [
    "Föredraganden redogjorde för arbetet sedan förra mötet.",
    "Parterna är överens om inriktningen men vill se en tydligare tidsplan.",
    "Frågan har beretts i tjänstemannaberedningen.",
    "Ledamöterna diskuterade konsekvenserna för kommunernas hemsjukvård.",
    "Regionen lyfte behovet av gemensam uppföljning.",
    "Arbetsgruppen återkommer med ett förslag.",
    "Informationen noterades utan vidare diskussion.",
]
OUTCOMES = [
    ("approved", "Förslaget godkänns."),
    ("approved_with_changes", "Förslaget godkänns med förändringar."),
    ("noted", "Informationen noteras."),
    ("recommendation", "Organet rekommenderar parterna att anta riktlinjen."),
    ("noted", "Informationen noteras."),
]

MATTER_TITLES = [
    "Riktlinje för utskrivning från slutenvård",
    "Gemensam rutin för läkemedelshantering",
    "Ansvarsfördelning för hjälpmedel",
    "Samordnad individuell plan för barn och unga",
    "Uppföljning av avtalets ekonomiska konsekvenser",
    "Kompetensförsörjning i hemsjukvården",
    "Införande av nytt system för vårdplanering",
    "Informationsöverföring mellan huvudmännen",
    "Palliativ vård i hemmet",
    "Nationell överenskommelse om psykisk hälsa",
]
MATTER_CATEGORIES = [
    "agreement",
    "deviation",
    "ehealth",
    "competence",
    "national",
    "information",
    "other",
]

DEVIATION_CATEGORIES = [
    "information",
    "discharge",
    "medication",
    "home_care",
    "aids",
    "communication",
    "other",
]
DEVIATION_SUBJECTS = [
    "En patient skrevs ut",
    "En brukare överfördes till korttidsboende",
    "Vid hemgång från akutmottagningen",
    "Inför en planerad utskrivning",
    "Efter en vårdplanering",
    "Vid ett läkemedelsbyte",
]
DEVIATION_EVENTS = [
    "utan att informationen fanns i det gemensamma planeringssystemet",
    "utan aktuell läkemedelslista",
    "utan att hemsjukvården hade kontaktats",
    "trots att hjälpmedel saknades i hemmet",
    "utan att kallelse till samordnad planering skickats",
    "med felaktiga uppgifter om ansvarig enhet",
]
DEVIATION_AFTER = [
    "Personalen fick ringa runt för att få uppgifterna.",
    "Insatsen försenades med ett dygn.",
    "Patienten fick vänta på sina läkemedel.",
    "Anhöriga fick ta kontakt med vårdcentralen.",
    "Ingen skada uppstod men risken bedöms som hög.",
]
IMPROVEMENTS = [
    "Se över rutinen för utskrivning.",
    "Påminn om att planeringen ska vara klar före hemgång.",
    "Gemensam genomgång av rutinen på nästa samverkansmöte.",
    "",
]
ANSWERS = [
    "Vi har gått igenom händelsen med berörd enhet och skärpt rutinen.",
    "Händelsen beror på ett tekniskt fel som nu är åtgärdat.",
    "Vi delar inte bedömningen men ser över informationsflödet.",
]
REGION_UNITS = [
    "Vårdavdelning medicin",
    "Akutmottagningen",
    "Vårdcentralen Centrum",
    "Geriatriska kliniken",
    "Ortopedkliniken",
    "Psykiatriska kliniken",
]
MUNICIPAL_UNITS = [
    "Hemsjukvården",
    "Hemtjänsten norr",
    "Korttidsboendet",
    "Särskilt boende",
    "Biståndsenheten",
    "Rehabenheten",
]
DOCUMENT_TITLES = [
    "Underlag",
    "Missiv",
    "Rapport",
    "Presentation",
    "Förslag till riktlinje",
    "Remissvar",
    "Uppföljning",
    "Lägesrapport",
]
INDICATORS = [
    ("sip-andel", "Andel utskrivningar med samordnad planering", "%", "higher", 80),
    ("vantedagar", "Medelantal dagar som utskrivningsklar", "dagar", "lower", 2),
    ("lakemedel", "Andel med aktuell läkemedelsgenomgång", "%", "higher", 75),
    ("aterinskrivning", "Återinskrivningar inom 30 dagar", "%", "lower", 12),
]
