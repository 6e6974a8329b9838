"""Word lists: what is NOT a name, eponyms, public hosts, rare conditions, places.

These lists keep context rules honest: a capitalised word that is an ordinary English or
clinical word, a disease eponym, a country or a US state is never taken as a patient's
name or town.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (keeps word lists readable)."""
    return frozenset(text.split())


# Ordinary words (lower case) that may appear capitalised at a sentence start or in
# shorthand, and so must never be read as a name. Includes given names that double as
# common words ("will", "may", "mark", "hope") so a sentence like "Will Lasix help" stays quiet.
_COMMON = """
a about above across after again against ago ahead all almost alone along already also
although always am among an and another any anybody anyone anything anyway anywhere are
around as ask asked asking at away back bad be because been before being below best better
between big both but by call called calling came can cannot cant could day days did do does
doing done dont down during each early either else enough even ever every everyone
everything few first for from full get gets getting give given go goes going gone good got
great had has have having he hello help her here hers herself hey hi him himself his how
however i if im in inside instead into is it its itself just keep know known last late
later least less let like likely little long look looking lot lots made make makes making
many may maybe me mean might mine more most much must my myself need needs never new next
no none nor not nothing now of off often ok okay old on once one only onto or other others
otherwise our ours out over own per perhaps please plus pm am quite rather re really right
said same saw say says see seeing seem seems seen several shall she should since so some
somebody someone something sometimes soon still such sure take taken takes than thank
thanks that the their theirs them then there these they thing things think this those
though through thru till to today together tomorrow too toward towards under until up upon
us use used very via want wanted wants was we well went were what whatever when where
whether which while who whom whose why will with within without would yes yet you your
yours yourself yesterday tonight tonite morning evening night afternoon week weekend month
year years hour hours minute minutes time times
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun january february march april may june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec
mark bill hope grace faith joy will rob pat art chase gene dawn ray max sue ed bo li yu jo
sandy rose june april august dean jack angel hunter page summer autumn winter spring
anyone case cases consult consults patient patients pt pts person people man woman men women
boy girl baby infant child children kid kids adult adults family families friend friends
husband wife son daughter mother father mom dad brother sister grandson granddaughter
grandmother grandfather grandma grandpa aunt uncle niece nephew cousin partner spouse
caregiver neighbor neighbour guardian fiance fiancee boyfriend girlfriend
doctor doc nurse physician surgeon resident fellow intern attending student team colleague
colleagues staff service services unit ward floor clinic hospital center centre office lab
room bed bay pod desk department dept division program programme practice group
cardiology cards neurology neuro oncology onc nephrology renal pulm pulmonology gi
gastroenterology hepatology endocrinology endo rheumatology rheum hematology heme infectious
id icu micu sicu cicu ccu nicu picu ed er or pacu rehab radiology rads pathology path
psychiatry psych pediatrics peds obstetrics ob gyn obgyn urology uro ortho orthopedics ent
dermatology derm ophthalmology optho surgery anesthesia hospitalist medicine internal
primary care palliative hospice geriatrics ep cath echo imaging pharmacy social work
admitted admission admit discharged discharge transferred transfer seen saw presented
presenting presents found brought arrived came coded died expired passed intubated
extubated started stopped continued held increased decreased switched restarted scheduled
booked planned ordered placed removed tolerated refused refusing declined agreed wants
wanted asked told says said called calls emailed texted wrote sent posted shared
stable unstable better worse improving improved worsening septic afebrile febrile
hypotensive hypertensive tachycardic bradycardic hypoxic confused alert oriented awake
asleep sedated intubated ambulating walking eating drinking sleeping breathing doing
feeling looking sounds seems still also already just only even again now here there
new old young elderly frail sick ill well fine okay ok good bad poor fair critical
acute chronic recurrent persistent paroxysmal severe moderate mild mod sev
history hx diagnosis dx treatment tx therapy rx prescription meds medication medications
med drug drugs dose doses dosing labs lab results result imaging scan scans ct mri pet
xray cxr ekg ecg echo tte tee cath angio biopsy surgery procedure operation op
blood pressure heart rate rhythm pain fever cough dyspnea sob nausea vomiting diarrhea
anemia infection sepsis stroke cancer tumor tumour mass lesion nodule failure disease
syndrome disorder crisis attack event events issue issues problem problems question
questions answer answers update updates note notes plan plans goal goals status code
full dnr dni comfort measures consent meeting conference rounds round board journal club
grand talk lecture session sessions poster posters abstract abstracts paper papers study
studies trial trials review reviews guideline guidelines data evidence article articles
slides slide deck podcast webinar symposium workshop course congress summit
protocol pathway order orders referral referrals appointment appointments visit visits
follow followup fu telehealth video phone call message portal chart record records
insurance prior auth authorization claim billing bill coverage copay
anybody thoughts thought idea ideas tip tips advice recs rec recommendations
any other same different another whole half both
yes no not never always sometimes usually often rarely
north south east west northern southern eastern western central upper lower left right
mid middle general regional local national international global main
american english spanish french german chinese japanese indian african asian european
latino hispanic
hi hello hey dear thanks thank congrats congratulations welcome cheers sorry oops ugh lol
happy sad proud glad quick short long big small large huge high low
st street ave avenue rd road ln lane dr drive ct court blvd way
is am are was were be been being has have had do does did can could will would shall
should may might must
heart lung kidney liver brain health medical vascular institute university college school
society association foundation network memorial community county state children childrens
clinical academic research science sciences hospitals clinics physicians surgeons nursing
regards best dear re fw fwd note reminder urgent stat asap fyi btw imo tbh
name names sats sat npo tachy brady fell took ran instructions dialysis chemo postpartum
pregnant obese male female teen vet veteran pale dry wet warm cold clammy calm nice sweet
grumpy angry upset
tired weak dizzy sleepy hungry thirsty nauseous sore stiff swollen itchy numb short sick
unwell okay alright agitated combative cooperative pleasant lovely tearful depressed
suicidal psychotic manic delirious demented diabetic hypoxic hypoxemic anemic anuric
oliguric aphasic dysarthric hemiplegic paraplegic bedbound wheelchair ambulatory independent
dependent confused lucid somnolent obtunded comatose unresponsive responsive verbal nonverbal
full empty heavy light tall thin skinny small large overweight underweight cachectic
smoker nonsmoker drinker alcoholic sober clean relapsed homeless uninsured insured
noncompliant compliant adherent nonadherent jaundiced diaphoretic cyanotic edematous
euvolemic hypervolemic hypovolemic flushed hot febrile afebrile septic shocky bleeding
vomiting coughing wheezing seizing crying sleeping eating drinking walking talking
took takes gave gives got gets had has did does made makes went goes came comes left leaves
says said states stated reports reported denies denied endorses endorsed complains
complained remains remained continues continued appears appeared seems seemed looks looked
feels felt thinks thought wants wanted needs needed asks asked agrees agreed refuses refused
declines declined understands understood prefers preferred lives lived smokes smoked
drinks drank uses used weighs weighed speaks spoke presented presents arrived returned
underwent received tolerated tolerates requires required requested requests
"""

COMMON_WORDS: frozenset[str] = frozenset(_COMMON.split())

# Given names that are ordinary words in lower case ("iris exam", "walks 2 miles", "frank
# blood"): taken as names only when capitalised.
LOWER_CASE_WORDS: frozenset[str] = words(
    """iris ivy amber ruby jade coral hazel olive lily daisy holly ginger pearl crystal eve rich
    art sage sky autumn miles lance drew guy cliff dale glen heath ken don bob chuck frank bud
    penny kitty misty brook river storm star harmony melody destiny charity elif august mercy
    page hunter mason cook baker carter parker porter taylor tyler wade walker warren wells
    dean grant hope reed rose sterling summer winter win sunny dusty rusty honey candy
    cherry clay cole colt gray grey huck jewel lane lark levi mae marsh major nova ocean
    phoenix rain raven reign rocky rowan royal ryder stone true vale willow wren"""
)

# Disease and sign eponyms (lower case, without possessive). A capitalised eponym is a
# disease, not a person, unless a title (Mr./Mrs.) makes it a surname.
_EPONYMS = """
addison alzheimer asperger barrett behcet bell bells berger brugada budd chiari buerger
burkitt castleman chagas charcot churg strauss conn crohn cushing dandy dressler
dubin johnson duchenne becker dupuytren ebstein ehlers danlos eisenmenger fabry fanconi
friedreich gaucher gitelman bartter goodpasture graves guillain barre hashimoto
henoch schonlein hirschsprung hodgkin horner huntington kaposi kawasaki kartagener
klinefelter korsakoff wernicke krabbe lambert eaton legg perthes lesch nyhan loeys dietz
 gehrig lyme lynch weiss marfan meckel meniere menkes niemann pick noonan osler
weber rendu paget parkinson peutz jeghers peyronie pompe prader willi prinzmetal raynaud
reiter rett sjogren sjögren stevens still sturge takayasu takotsubo tay sachs tourette
turner von willebrand hippel lindau waldenstrom waldenström wegener whipple wilms wilson
wolff white zenker zollinger ellison evans felty sheehan kallmann pancoast kussmaul
cheyne stokes virchow trousseau chvostek babinski romberg mcburney murphy homan homans
kernig brudzinski tinel phalen finkelstein lachman mcmurray trendelenburg apgar glasgow
child pugh killip wells framingham duke dukes gleason breslow clark ranson sgarbossa
wellens fontan norwood blalock taussig bentall maze mobitz wenckebach holter
swan ganz foley nissen hartmann billroth roux kocher pfannenstiel bence jones reed
sternberg lewy binswanger creutzfeldt jakob moyamoya lennox gastaut dravet rasmussen
sydenham osgood schlatter kienbock colles monteggia galeazzi lisfranc maisonneuve salter
harris baker morton alport diamond blackfan caroli cowden fraumeni soulier
glanzmann kikuchi riedel quervain asherman meigs krukenberg wolffian mullerian graafian
down edwards patau digeorge williams holt oram danon hurler hunter sanfilippo morquio
tietze mondor kounis wellen brown sequard tolosa jacksonian epley heimlich dix
hallpike valsalva cheyne leriche adie argyll robertson gunn kayser fleischer
levine flint steell duroziez quincke musset traube ewart beck cullen grey
turner kehr rovsing psoas obturator courvoisier charcot
"""

EPONYMS: frozenset[str] = frozenset(_EPONYMS.split())

# Hosts whose pages are public literature, guidelines or societies, never a patient record.
PUBLIC_HOSTS: tuple[str, ...] = (
    "doi.org",
    "dx.doi.org",
    "nejm.org",
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "nih.gov",
    "clinicaltrials.gov",
    "ahajournals.org",
    "escardio.org",
    "acc.org",
    "jacc.org",
    "heart.org",
    "jamanetwork.com",
    "thelancet.com",
    "bmj.com",
    "nature.com",
    "sciencedirect.com",
    "springer.com",
    "link.springer.com",
    "wiley.com",
    "onlinelibrary.wiley.com",
    "academic.oup.com",
    "oup.com",
    "cell.com",
    "science.org",
    "plos.org",
    "journals.plos.org",
    "frontiersin.org",
    "mdpi.com",
    "medrxiv.org",
    "biorxiv.org",
    "arxiv.org",
    "uptodate.com",
    "medscape.com",
    "cdc.gov",
    "fda.gov",
    "cms.gov",
    "who.int",
    "nice.org.uk",
    "acpjournals.org",
    "annals.org",
    "atsjournals.org",
    "chestnet.org",
    "journal.chestnet.org",
    "asco.org",
    "ascopubs.org",
    "nccn.org",
    "kdigo.org",
    "goldcopd.org",
    "idsociety.org",
    "gastrojournal.org",
    "hrsonline.org",
    "heartrhythmjournal.com",
    "eurointervention.com",
    "europepmc.org",
    "cochranelibrary.com",
    "guidelinecentral.com",
    "mdcalc.com",
    "wikipedia.org",
    "youtube.com",
    "youtu.be",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "github.com",
    "acponline.org",
    "aafp.org",
    "ama-assn.org",
    "nephjc.com",
    "radiopaedia.org",
    "litfl.com",
    "ecgwaves.com",
    "thebottomline.org.uk",
)

# Markers of a link that leads into one patient's record, files, images or visit. Hosts
# are matched by substring; the path and query by whole segment or key, so a news slug
# such as "orbita-2-results-placebo" does not count as "results".
RECORD_URL_HOSTS: tuple[str, ...] = (
    "mychart",
    "portal",
    "patient",
    "pacs",
    "dicom",
    "telehealth",
    "televisit",
    "telemed",
    "doxy.me",
    "zoom.us",
    "meet.google",
    "teams.microsoft",
    "webex",
    "vidyo",
    "drive.",
    "docs.google",
    "dropbox",
    "box.com",
    "onedrive",
    "sharepoint",
    "1drv.ms",
    "wetransfer",
    "followmyhealth",
    "healthelife",
    "epic",
    "cerner",
    "ehr",
    "emr",
    "imaging",
    "viewer",
    "records",
    "reports",
    "results",
    "files",
    "share",
)
RECORD_URL_SEGMENTS: frozenset[str] = words(
    """mychart portal patient patients pt mrn chart charts record records pacs viewer dicom
    accession accessionnumber studyuid visit visits telehealth televisit meet room share
    shared sharing s result results encounter encounters appointment appointments ehr emr
    token id uid dl imaging intake messages j join wl"""
)
# Rare conditions and cluster words, as word prefixes (lower case): a town or ZIP next to
# one of these can point to a single patient or family.
# Weaker hints, enough for a 5-digit ZIP after "in"/"from" but not for a capitalised word.
RARE_HINTS: frozenset[str] = words(
    """rare orphan syndrome disease hereditary familial congenital genetic variant mutation
    cases case only siblings cousins family families kindred"""
)
RARE_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        words(
            """fabry gaucher pompe niemann krabbe amyloid huntington duchenne fibrosis sickle
    thalass hemophilia haemophilia porphyri marfan ehlers loeys brugada sarcoid castleman
    erdheim langerhans histiocyt mastocyt pheochromocyt paragangliom creutzfeldt prion
    leprosy rabies tularemia anthrax brucell melioid chagas leishmania cholera measles
    diphtheria botulism moyamoya takayasu behcet alport fanconi blackfan aplastic dystroph
    ataxia leukodystroph mucopolysacchar hurler alkaptonuria phenylketon galactosemia
    acromegal mesothelioma angiosarcoma cholangiocarcinoma glioblastoma neuroblastoma
    retinoblastoma lymphangioleiomyomatosis scleroderma dermatomyositis myasthenia guillain
    narcolepsy cluster outbreak"""
        )
    )
)
# Short names and abbreviations of rare conditions: whole words only ("attr" is not
# "attribute").
RARE_WORDS: frozenset[str] = words(
    """attr attrv attrwt hattr wtattr als tay sachs wilson becker hcm arvc qt cjd kuru
    hansen plague polio pnh ttp ahus hlh mcas mps pku msud ipf lam hunter cushing addison
    ewing wilms sarcoma cf scd fap men"""
)

# US states and territories (two-letter codes) for "Town, ST 12345".
US_STATES: frozenset[str] = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)

# Places larger than a town (countries, states, regions, big cities) and other capitalised
# words that follow "in"/"from" but are not a patient's town.
_NOT_TOWN = """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico
york carolina dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah
vermont virginia washington wisconsin wyoming america usa us uk canada england scotland
wales ireland britain europe asia africa australia india china japan korea brazil
argentina chile peru colombia venezuela cuba haiti jamaica dominican puerto rico
guatemala honduras salvador nicaragua panama costa germany france spain portugal italy
greece turkey russia ukraine poland sweden norway denmark finland iceland netherlands
belgium switzerland austria hungary romania bulgaria serbia croatia israel iran iraq syria
lebanon jordan egypt morocco algeria tunisia libya nigeria ghana kenya ethiopia somalia
sudan uganda tanzania rwanda congo senegal mali cameroon zimbabwe zambia angola mozambique
pakistan bangladesh nepal sri lanka afghanistan vietnam thailand cambodia laos myanmar
malaysia indonesia philippines singapore taiwan mongolia saudi arabia yemen oman qatar
kuwait emirates dubai zealand fiji samoa
chicago boston houston dallas atlanta miami seattle denver phoenix philadelphia detroit
baltimore cleveland pittsburgh nashville orlando vegas angeles francisco diego austin
portland minneapolis london paris berlin madrid rome barcelona amsterdam vienna munich
milan lisbon dublin toronto montreal vancouver sydney melbourne tokyo beijing shanghai
delhi mumbai seoul singapore hong kong istanbul cairo lagos nairobi johannesburg
er ed icu or micu cicu ccu clinic hospital ward the a an our my his her their this that
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
hall room board poster booth session phase stage grade class type cohort group table
figure fig section chapter appendix part arm vitro vivo utero situ total epic cerner
medicare medicaid part one two three four five six seven eight nine ten
portuguese spanish french german italian russian arabic mandarin cantonese chinese hindi
urdu bengali korean japanese vietnamese tagalog polish greek turkish hebrew farsi persian
somali swahili amharic haitian creole latin english python java excel word powerpoint
"""

NOT_TOWN: frozenset[str] = frozenset(_NOT_TOWN.split())

# Word endings typical of English-speaking town names (Millbrook, Pembry, Stillwater Bend).
PLACE_TAILS: tuple[str, ...] = (
    "ville",
    "ton",
    "town",
    "burg",
    "burgh",
    "boro",
    "borough",
    "field",
    "ford",
    "wood",
    "port",
    "view",
    "haven",
    "dale",
    "brook",
    "bury",
    "mouth",
    "ham",
    "worth",
    "chester",
    "land",
    "mont",
    "ridge",
    "springs",
    "falls",
    "creek",
    "bend",
    "hollow",
    "heights",
    "hills",
    "valley",
    "junction",
    "crossing",
    "harbor",
    "harbour",
    "bay",
    "lake",
    "lakes",
    "grove",
    "glen",
    "park",
    "point",
    "mills",
    "station",
    "corners",
    "fork",
    "forks",
    "rapids",
    "bluff",
    "bluffs",
    "city",
    "village",
    "beach",
    "shores",
    "meadows",
    "plains",
)
