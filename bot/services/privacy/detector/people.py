"""Names of patients and relatives, and patients' employers.

Names are found from strong cues (Mr./Mrs., "pt Ruiz", "wife Hedda", "name: ..."), from a
known given name followed by a surname, or from a capitalised pair placed the way a chart
places a patient ("Reuben Lindahl in room 3", "Camille Bachmann, dob ..."). Physicians'
names stay quiet: titles (Dr., Prof.), degrees (MD), and colleague cues (thanks, talk by,
"and I", et al.) mark a name as a colleague's.
"""

from __future__ import annotations

import itertools
import re

from .context import Ctx
from .names_data import FIRST_NAMES
from .vocab import COMMON_WORDS, EPONYMS, LOWER_CASE_WORDS, NOT_TOWN, PLACE_TAILS, words

_U = "A-ZÀ-ÖØ-Þ"
_L = "a-zß-öø-ÿ"
# One capitalised name word: Ruiz, O'Brien, McDonald, Smith-Jones, Sjöberg.
_CAP_TAIL = rf"(?:[{_L}]+|['’][{_U}][{_L}]+)(?:[{_U}][{_L}]+)?(?:-[{_U}][{_L}]+)?"
_CAP = rf"[{_U}]{_CAP_TAIL}"
# The same word where it must not follow a letter, dot or @. A leading look-behind would
# stop re from skipping ahead on the first character, so it comes after that character.
_CAP_START = rf"[{_U}](?<![\w.@].){_CAP_TAIL}"
_LOW = rf"[{_L}][{_L}'’-]{{1,30}}"
_INITIALS = r"[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?"
# A surname as a chart prints it: "GARCIA", "O'NEIL", "SMITH-JONES".
_UPPER = r"[A-Z](?:['’-]?[A-Z]){2,}\b"

_TITLE = re.compile(
    rf"(?<![\w.])(?:Mrs?|Ms|Mx|Miss|Mister|Missus|mrs?|ms(?=\.)|miss|MRS?)\.?\s+"
    rf"(?P<n>{_CAP}(?:\s+{_CAP})?|{_INITIALS}|{_UPPER}|{_LOW})"
)
_LOWER_NAME_END = re.compile(
    r"\s*(?:[,.;:!?)(—–-]|$)|\s+(?:is|was|has|had|in|on|from|at|again|today|yesterday|who|"
    r"with|w/|and|needs|wants|says|said|called|came|got|in room|in bed|still|just|also|"
    r"refuses|refused|declined|asked|asks)\b|['’]s\b"
)
_PT = re.compile(
    rf"(?i)(?<![\w.])(?:pt|patient|pt\.)(?:\s*[:,-])?\s+(?-i:(?P<n>{_INITIALS}|[A-Z]{{2,3}}\b|"
    rf"{_CAP}(?:\s+{_CAP})?|{_UPPER}(?:,?\s+{_UPPER})?|{_LOW}(?:\s+{_LOW})?))"
)
_NAME_LABEL = re.compile(
    rf"(?i)name\s*(?P<sep>is|:|=|-)\s*"
    rf"(?-i:(?P<n>{_CAP}(?:\s+{_CAP})?|{_INITIALS}|{_LOW}(?:\s+{_LOW})?))"
)
_RELATIVE_WORDS = (
    r"husband|wife|son|daughter|mother|mom|mum|father|dad|brother|sister|partner|spouse|"
    r"fianc[ée]e?|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|niece|nephew|"
    r"aunt|uncle|cousin|caregiver|neighbou?r|guardian|boyfriend|girlfriend|hcp|poa|proxy|"
    r"friend|stepson|stepdaughter|stepmother|stepfather|sibling|twin|ex-wife|ex-husband|"
    r"son-in-law|daughter-in-law|kid|child|baby|roommate|landlord|pastor"
)
_RELATIVE = re.compile(
    rf"(?i)\b(?:{_RELATIVE_WORDS})s?(?:-in-law)?\b(?:\s*\([^)]{{0,24}}\))?\s*,?\s*\(?\s*"
    rf"(?:(?:is|named|called|goes by|was)\s+)?(?-i:(?P<n>{_CAP}(?:\s+{_CAP})?|{_LOW}))"
)
# "his wife (Greta)": the name in brackets right after the relation.
_RELATIVE_PAREN = re.compile(
    rf"(?i:{_RELATIVE_WORDS})s?(?:-in-law)?\s*\(\s*(?P<n>{_CAP}(?:\s+{_CAP})?)\s*\)"
)
_RELATIVE_AFTER = re.compile(
    rf"(?P<n>{_CAP}(?:\s+{_CAP})?)\s*\(\s*(?:pt'?s\s+|her\s+|his\s+)?(?i:{_RELATIVE_WORDS}|hcp|poa)\b"
)
# Zero-width (lookahead) so that overlapping pairs are all seen: "Saw Margaret Okonkwo".
_CAPWORD = re.compile(rf"{_CAP_START}(?![\w@])")
_MIDDLE = re.compile(r"\s+[A-Z]\.?\s+|\s+")
_FULL_LOW = re.compile(
    rf"(?i)(?:saw|seeing|see|pt|patient|admitted|admit|discharged|consult on|consult for)\s+"
    rf"(?-i:(?P<f>[{_L}]+)\s+(?P<l>[{_L}][{_L}'’-]+))"
)
# "Okonjo, Adaeze - 45F", "R.M., 70 y/o", "the Hendricks family".
_AGE_SEX_AFTER = r"\s*(?:[,(—–-]\s*)*(?:a\s+)?[0-9]{1,3}\s?(?:yo|y/o|[MF]\b|-?year|yrs?\b)"
_COMMA_NAME = re.compile(
    rf"(?P<n>{_CAP_START},\s*{_CAP}|[A-Z](?<![\w.@].)(?:['’-]?[A-Z])+,\s*{_UPPER})(?=\s*(?:[,(—–-]\s*)*(?:(?i:dob|d\.o\.b|mrn)\b|"
    rf"(?:a\s+)?[0-9]{{1,3}}\s?(?:yo|y/o|[MF]\b|-?year|yrs?\b)))"
)
_INITIALS_AGE = re.compile(
    rf"(?P<n>[A-Z](?<![\w.].)\.\s?[A-Z]\.(?:\s?[A-Z]\.)?)(?={_AGE_SEX_AFTER})"
)
_BED_NAME = re.compile(
    rf"(?i:bed|rm|room|bay|stretcher)\s*#?\s*[0-9]{{1,4}}[A-Za-z]?\s*(?:\(|:|-|–|—|is|=)\s*"
    rf"(?:(?:Mr|Mrs|Ms|Miss)\.?\s+)?(?P<n>{_CAP}(?:\s+{_CAP})?)"
)
_POSSESSIVE_NAME = re.compile(
    rf"(?P<n>{_CAP_START})['’]s\s+(?i:inr|bp|labs?|k|potassium|creatinine|cr|echo|ct|mri|"
    r"biopsy|meds|medications|daughter|wife|husband|son|family|chart|mrn|dob|hgb|troponin|"
    r"trop|ecg|ekg|a1c|sats|vitals|pain|wound|fever|culture|cultures|path|pathology|scan|"
    r"x-ray|cxr|results?|surgery|discharge|admission|code status|goals|insurance|bill|"
    r"appointment|appt|follow-?up|mother|father|mom|dad|sister|brother|kids|case)\b"
)
# Initials placed like a patient: "JR in bed 4", "(J.R.) is the one", "A.B. (45F)".
_INITIALS_PLACED = re.compile(
    r"(?P<n>[A-Z](?<![\w.].)(?:\.\s?[A-Z]\.(?:\s?[A-Z]\.)?|[A-Z]{1,2}\b))"
    r"(?=\s+(?:in|from)\s+(?:bed|room|rm|bay)\b|\s*\(\s*[0-9]{1,3}\s?[MF]\b)"
    r"|(?<=\()(?P<p>[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?)(?=\))"
)
# Dotted pairs that are abbreviations, not a person's initials.
_NOT_INITIALS = words(
    """U.S. A.M. P.M. M.D. D.O. R.N. N.P. P.A. B.S. M.S. B.A. M.A. U.K. E.U. D.C. N.Y. L.A. S.F.
    O.R. E.R. I.V. P.O. Q.D. H.S. S.Q. I.M. A.F. C.T. D.N.R. D.O.B. M.R.N. S.S.N. A.K.A. E.D.
    I.D. P.T. O.T. R.T. M.I. H.F. C.P. B.P. H.R. V.S. E.G. I.E. N.B. P.S. R.I.P. A.S.A.P."""
)
_FAMILY = re.compile(rf"\b(?i:the)\s+(?P<n>{_CAP}(?:-{_CAP})?)\s+(?i:family|household|kids)\b")
# Capitalised pairs that are institutions or companies, not people.
_NOT_PERSON = frozenset(
    (
        "henry ford", "virginia mason", "john muir", "johns hopkins", "kaiser permanente",
        "cedars sinai", "scott white", "mary washington", "william beaumont", "baptist health",
        "st jude", "grace hopper", "walter reed", "mount sinai", "sara lee", "ben jerry",
    )
)  # fmt: skip
# Surnames of physicians famous enough to be quoted in clinical chat.
_FAMOUS = words(
    """osler virchow laennec fleming barnard gruentzig forssmann favaloro einthoven korotkoff
    hippocrates galen lister pasteur semmelweis nightingale jenner salk sabin banting halsted
    debakey cooley starzl murray carrel harken braunwald topol nissen kussmaul starling
    frank heimlich apgar papanicolaou kolff scribner lown zoll judkins sones dotter palmaz"""
)
_ORG_AFTER = re.compile(
    r"\s+(?:hospital|health|medical|clinic|center|centre|institute|system|foundation|"
    r"university|college|school|heart|cancer|children|memorial|healthcare|pharma|"
    r"scientific|labs?|inc|llc|corp)\b",
    re.I,
)
_PAIR_AFTER = re.compile(
    r"\s*(?:,\s*|\(\s*)?(?:dob|d\.o\.b|mrn|mr#|born|age[d]?\s*[0-9]|[0-9]{1,3}\s?(?:yo|y/o|[mf]\b|-year)"
    r"|a\s+[0-9]{1,3}|(?:in|from)\s+(?:room|rm|bed|bay)\b|(?:is|was)\s+(?:a|an)\s+[0-9]{1,3})",
    re.I,
)
_PAIR_BEFORE = re.compile(
    r"\b(?:saw|seeing|see|admitted|admit|admitting|discharged|discharging|consult(?:ed)?\s+"
    r"(?:on|for)|pt|patient)\s*:?\s*$"
)

# The word (or two) right before a name that make it a colleague's: titles, roles, thanks,
# greetings, "per", "cc", "ask". Looked up in sets: no pattern runs over the window.
_PHYS_LAST = words(
    """dr drs doctor prof professor attending fellow resident intern colleague colleagues thanks
    thank thx ty kudos congrats congratulations welcome cc ping ask asked per by with from
    speaker author authors host chair moderator presenter panelist invited guest feat ft via
    np pa rn pharmacist pharmd nurse cardiologist surgeon intensivist hospitalist radiologist
    oncologist consultant paged paging emailed called told tell and & loop mentor mentee pi
    co-pi copi investigator coauthor co-author fellows residents interns students attendings
    hi hey hello dear morning evening fyi @"""
)
_PHYS_LAST2 = frozenset(
    (
        "thank you", "shout out", "out to", "shoutout to", "our own", "my partner", "loop in",
        "looping in", "looped in", "our fellow", "new fellow", "our resident", "dr.", "prof.",
    )
)  # fmt: skip
_STRIP = " \t.,:;!?()[]\"'-*_`~"


def _colleague_before(low: str, s: int) -> bool:
    """True when the word or two right before ``s`` mark a colleague ("Dr.", "thanks", "cc")."""
    window = low[max(0, s - 24) : s]
    stripped = window.rstrip(_STRIP)
    if len(window) - len(stripped) > 3:
        return False  # more than a little punctuation between: not attached to the name
    if stripped.endswith("@"):
        return True
    tail = stripped.replace("@", " @ ").split()[-2:]
    if not tail:
        return False
    last = tail[-1].rstrip(".")
    return last in _PHYS_LAST or " ".join(tail) in _PHYS_LAST2


# Right after a name: degrees, "et al", "'s talk", "from pharmacy", "(NP)" mark a colleague.
_PHYS_AFTER = re.compile(
    r"\W{0,3}(?:md|m\.d\.|do|phd|mbbs|mbchb|np|pa-c|rn|facc|frcp|facp|fhrs|fscai|mph|mba|"
    r"pharmd|cnp|aprn|crna|"
    r"et al|and i|& i|and me|and myself|and we|"
    r"['’]s (?:\w+ )?(?:talk|lecture|paper|group|lab|team|slides|review|study|trial|article|"
    r"podcast|tweet|thread|keynote|session|presentation|service|clinic|patients?|fellows?|book|"
    r"textbook|handbook|atlas|course|chapter|lectures|videos|blog|newsletter|"
    r"protocol|pathway|algorithm|criteria|sign|maneuver|rule|score|law|classification)|"
    r"from (?:cards|cardiology|ep|gi|neuro|onc|ortho|rads|radiology|surgery|ir|icu|our|the|"
    r"id|im|em|fm|pm&r|pmr|nephro|renal|pulm|heme|endo|rheum|derm|uro|ent|psych|peds|ob|"
    r"anesthesia|pharmacy|path|hospital medicine|palliative|billing|registration|it)|"
    r"in (?:ep|cards|gi|neuro|onc|rads|radiology|ir|the lab|id|nephro|renal|pulm|heme|endo|"
    r"rheum|derm|uro|ent|psych|peds|anesthesia|palliative|pharmacy))\b"
)
# Spoken to, not about: "Maria Lopez, can you cover?" (a chart would give an age or a DOB).
_VOCATIVE = re.compile(
    r"\s*[,:]\s*(?:can|could|would|will|do|did|are|have|please|thanks|thank you|any|what|"
    r"when|how|where|is there|quick q|question|fyi|see|welcome|congrats)\b"
)
# A little after a name: what physicians do (recommend, cover, read studies, present).
# A role in brackets after the name: "Sarah Kim (cards fellow)", "Ana Ruiz (NP)".
_PHYS_ROLE = re.compile(
    r"\s*[(,-]\s*(?:cards|cardiology|ep|gi|id|ir|icu|neuro|onc|renal|pulm|heme|endo|rheum|"
    r"derm|uro|ent|psych|peds|anesthesia|pharmacy|palliative|hospitalist|surgery|rads|"
    r"radiology|path|our|the|my)?\s*(?:fellow|attending|resident|intern|np|pa|rn|pharmacist|"
    r"nurse|hospitalist|surgeon|cardiologist|consultant|chief|chair|director|faculty|"
    r"pgy-?[0-9]|ms[1-4]|student|coordinator|rep|sw|social worker|case manager|chaplain)\b"
)
_PHYS_VERB = re.compile(
    r"\b(?:present(?:ed|s|ing)(?!\s+(?:with|w/|to|in|again|for|back|as))|spoke|speaks|"
    r"gave (?:a|the|an)|is speaking|will (?:present|speak|"
    r"moderate|lead|talk|cover|host|chair|read)|wrote|writes|published|covers|covering|"
    r"on call|on service|suggested|suggests|recommends|recommended|recommend|"
    r"tweeted|posted|agrees|agreed|argued|argues|pointed out|taught|teaches|trained|joined|"
    r"is joining|leads|runs|chairs|moderates|hosts|reads|read the|interprets|interpreted|"
    r"is looking for|is recruiting|is hiring|is leaving|is retiring|precepts|supervises|"
    r"attends|staffs|staffed|consulted on|signed off|both recommended|both said|et al|"
    r"performed the|did the first|invented|described|discovered|developed|pioneered|coined|"
    r"matched|graduated|was elected|won|is board|passed (?:the )?boards|showed|demonstrated|"
    r"(?:is )?(?:still )?(?:taking|accepting|seeing) (?:new )?(?:referrals|consults|patients)|"
    r"(?:his|her|their) (?:[0-9]{4} )?(?:paper|study|trial|review|talk|lecture|book|article|"
    r"slides|group|lab|team))\b"
)
_PHYS_MESSAGE = re.compile(
    r"\b(?:talk|lecture|keynote|grand rounds|paper|et al|slides|webinar|podcast|published|"
    r"author|authors|speaker|speakers|panel|symposium|journal club|case report|writing up|"
    r"co-?author|fellowship|residency|program director|faculty|chair|hired|joined|welcome|"
    r"tweet|thread|book|interview|award|congrats|congratulations|thanks|thank|kudos|"
    r"colleague|colleagues|mentor|coauthors|editorial|study|trial|review|guideline)\b"
)
_PATIENT_STRONG = re.compile(
    r"\b(?:pt|pts|patient|dob|mrn|room|rm|bed|yo|y/o|admitted|admit|discharged|biopsy|chemo|"
    r"family|wife|husband|daughter|son|code status|dnr|dni|hospice|consent|refusing|refuses|"
    r"allerg\w*|meds|med list|[0-9]{1,3}\s?[mf]|[0-9]{1,3}-year-old|year old|years old|"
    r"cell|phone|e-?mail|address|she|he|her|his|wants|scared|pain|diagnosed|labs|"
    r"opinion|seen|saw|today|again|insurance)\b"
)
_EPONYM_AFTER = re.compile(
    r"['’]s?\b|\s+(?:disease|syndrome|sign|crisis|phenomenon|test|maneuver|criteria|score|"
    r"classification|palsy|ulcer|esophagus|thyroiditis|tumou?r|lymphoma|sarcoma|nodes?|"
    r"procedure|operation|repair|type|murmur|lesions?|spots?|pulse|signs?|triad|reflex|"
    r"staging|fracture|rule|ligament|vein|lines?|waves?|bod(?:y|ies)|cells?|pattern|"
    r"questionnaire|study|model|equation|formula|index|phenotype|variant|shunt|anastomosis)\b"
)
_ABBREV = words(
    """AF HF MI CP SOB DM HTN CKD PE DVT UTI GI ED ER ICU OR NPO DNR DNI HCP POA PCP CHF AKI
    RA MS ALS HIV HCV HBV TB OSA BPH CVA TIA IBD IBS VT VF SVT AV LV RV EF BP HR RR CT MRI
    EKG ECG ID IV PO IM SC PRN BID TID QID AMA SNF NH ALF HH PT OT SLP SW CM RN NP PA MD DO
    US UK OK ACS INR CBC BMP CMP LFT TSH AS AR MR TR PAD CAD SAH SDH ICH GCS EGD ERCP ESRD
    COPD GERD NSTEMI STEMI TAVR PCI CABG LAD RCA LCX ADHD PTSD OCD MDD SI HI GOC CPR VS
    ECMO IABP LVAD ICD PPM CRT ILR AFL BNP ABG VBG UA UDS CSF LP EEG EMG PFT TTE TEE DKA HHS
    HFREF HFPEF HFMREF HOCM HCM ARVC ACLS BLS PALS NIV BIPAP CPAP HFNC ARDS CRRT HD PD AVF
    TPN PEG NGT IVC SVC PICC ART PTX CKD ESKD SLE RA GCA PMR JIA SIADH DI AIDS MRSA MSSA
    VRE CDI UTI CAUTI CLABSI VAP HAP CAP PNA SBP HRS HE TIPS EVD LVO NIHSS TNK TPA ACE ARB
    ARNI MRA SGLT GLP DOAC NOAC LMWH UFH HIT TTP ITP DIC AML ALL CLL CML MDS NHL"""
)
_EMPLOYER_GENERIC = (
    r"plant|factory|mill|farm|warehouse|store|shop|mine|school|company|co|inc|llc|corp|dairy|"
    r"bakery|restaurant|diner|garage|yard|depot|base|cannery|quarry|foundry|refinery|hotel|"
    r"casino|shipyard|site|packing|plant|cafe|bar|salon|station|terminal|airport|port|"
    r"distribution center|call center|processing plant|poultry plant|meatpacking plant"
)
_ORG = (
    rf"(?P<o>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){{0,4}}"
    rf"(?:\s+(?:{_EMPLOYER_GENERIC})\b)?|(?:[a-z]+\s+){{0,2}}(?:{_EMPLOYER_GENERIC})\b)"
)
_EMPLOYER_WORK = re.compile(
    r"\b(?i:works?|working|worked|employed|employee|job|retired|shifts?|cashier|clerk|drives|"
    r"delivers|cleans|waitress|waiter|bartender|contractor|volunteers|"
    r"manager|driver|cook|welder|mechanic|janitor|teacher|nurse|machinist|miner|farmer|"
    r"laborer|labourer)\s+(?:[a-z-]+\s+){0,4}?(?:(?i:at|for|from)|(?<=employed )by)\s+"
    r"(?:the\s+)?" + _ORG
)
_COMPANY_TAIL = (
    r"Inc|LLC|Co|Corp|Corporation|Company|Logistics|Foods|Farms|Farm|Dairy|Construction|"
    r"Manufacturing|Industries|Janitorial|Services|Motors|Steel|Mills|Mining|Lumber|Plant|"
    r"Factory|Warehouse|Trucking|Transport|Packing|Poultry|Meats|Bakery|Market|Grocery|"
    r"Foundry|Refinery|Plastics|Chemicals|Textiles|Electric|Energy|Shipping|Freight|"
    r"Distribution|Hardware|Roofing|Plumbing|Landscaping|Cleaners|Janitorial|Diner|Cafe|"
    r"Restaurant|Auto|Automotive|Tire|Casino|Hotel|Resort|Elementary|Academy|Bank"
)
_COMPANY = re.compile(
    rf"\b(?i:at|for|with|from|by)\s+(?:the\s+)?(?P<o>(?:[A-Z][\w&'’.-]*\s+){{1,3}}(?:{_COMPANY_TAIL})\b\.?)"
)
_EMPLOYER_LABEL = re.compile(r"\b(?i:employer)\s*(?:is|was|:|,|-)?\s*(?:the\s+)?" + _ORG)
_SELF = re.compile(
    r"\b(?:i|we|i'm|im|i've|my|our|dr\.?|doctor|colleague|he's a (?:doctor|physician)|"
    r"she's a (?:doctor|physician))\b[^.;!?]{0,25}$"
)
_NOT_NAME_SUFFIX = (
    "ing", "ed", "ly", "ous", "ive", "ic", "al", "ile", "ent", "ant", "able", "ible", "ary",
    "ory", "ness", "tion", "sion", "ment", "ity", "ism", "emia", "itis", "osis", "ectomy",
    "otomy", "ful", "less", "ise", "ize", "ies",
)  # fmt: skip


def _plain_word(w: str) -> bool:
    """True when a word is an ordinary word rather than a name."""
    lw = w.lower().strip("'’")
    if lw in COMMON_WORDS or len(lw) < 2:
        return True
    # "iris", "miles", "frank": names when capitalised, ordinary words in lower case.
    return w.islower() and lw in LOWER_CASE_WORDS


def _name_ok(value: str, lower_ok: bool = True) -> bool:
    parts = value.split()
    if not parts:
        return False
    if _plain_word(parts[0]):
        return False
    if parts[0].islower():
        if not lower_ok:
            return False
        lw = parts[0]
        if lw.endswith(_NOT_NAME_SUFFIX) and lw not in FIRST_NAMES:
            return False
    return True


def _trim(ctx: Ctx, s: int, e: int) -> tuple[int, int]:
    """Drop a trailing ordinary word from a two-word match ("Ruiz On")."""
    text = ctx.text[s:e]
    parts = text.split()
    if len(parts) == 2 and _plain_word(parts[1]):
        return s, s + len(parts[0])
    return s, e


def _is_colleague(ctx: Ctx, s: int, e: int) -> bool:
    low = ctx.lower
    if _colleague_before(low, s) or _PHYS_AFTER.match(low, e):
        return True
    if _PHYS_ROLE.match(low, e) or _VOCATIVE.match(low, e):
        return True
    return _PHYS_VERB.search(low, e, min(len(low), e + 32)) is not None


def _colleague_message(ctx: Ctx) -> bool:
    """True when the message is about colleagues' work and names no patient."""
    low = ctx.lower
    talk = ctx.has(_PHYS_WORDS) or _PHYS_MESSAGE.search(low) is not None
    if not talk:
        return False
    return not (ctx.has(_PATIENT_SET) or _PATIENT_STRONG.search(low) is not None)


def _eponym(ctx: Ctx, s: int, e: int) -> bool:
    word = ctx.text[s:e].split()[-1]
    return word.lower() in EPONYMS and _EPONYM_AFTER.match(ctx.text, e) is not None


_BED_WORDS = words("bed rm room bay stretcher")
_NAME_WORDS = words("name")
_TITLE_WORDS = words("mr mrs ms mx miss mister missus")
_PT_WORDS = words("pt patient")
_RELATIVE_SET = words(
    """husband wife son daughter mother mom mum father dad brother sister partner spouse fiance
    fiancee fianc grandson granddaughter grandmother grandfather grandma grandpa niece
    nephew aunt uncle cousin caregiver neighbor neighbour guardian boyfriend girlfriend hcp poa
    proxy friend stepson stepdaughter stepmother stepfather sibling twin kid child baby roommate
    landlord pastor husbands wives sons daughters brothers sisters friends kids"""
)
_FULL_LOW_WORDS = words("saw seeing see pt patient admitted admit discharged consult")
_EMPLOYER_WORDS = words(
    """drives delivers cleans waitress waiter bartender contractor volunteers works work
    working worked employed employee employer job retired shift shifts cashier
    clerk manager driver cook welder mechanic janitor teacher nurse machinist miner farmer
    laborer labourer"""
)
_COMPANY_WORDS = frozenset(_COMPANY_TAIL.lower().split("|"))
_PHYS_WORDS = words(
    """talk lecture keynote paper slides webinar podcast published author authors speaker
    speakers panel symposium club report writing coauthor fellowship residency director
    faculty chair hired joined welcome tweet thread book interview award congrats
    congratulations thanks thank kudos colleague colleagues mentor coauthors editorial study
    trial review guideline al"""
)
_PATIENT_SET = words(
    """pt pts patient dob mrn room rm bed yo admitted admit discharged biopsy chemo family wife
    husband daughter son dnr dni hospice consent refusing refuses allergic allergy allergies
    meds year years old cell phone email address she he her his wants scared pain diagnosed
    labs opinion seen saw today again insurance"""
)


def _cue_names(ctx: Ctx) -> None:
    text = ctx.text
    found = [*ctx.matches(_TITLE, _TITLE_WORDS)]
    for m in ctx.matches(_NAME_LABEL, _NAME_WORDS):
        value = m.group("n")
        # "the name is bound", "name: name.startswith": lower case only after ":" or "=",
        # and never the word "name" itself; a known given name after "is" is fine.
        sep = m.group("sep")
        if value.islower() and (
            value.split()[0] == "name" or (sep == "is" and value.split()[0] not in FIRST_NAMES)
        ):
            continue
        found.append(m)
    for m in found:
        s, e = _trim(ctx, *m.span("n"))
        if _PHYS_AFTER.match(ctx.lower, e):
            continue  # "Ms. Rivera (NP) says", "Mrs. Lee from pharmacy"
        if _name_ok(text[s:e]) and not ctx.taken(s, e):
            ctx.add("NAME", s, e)
    for m in ctx.matches(_PT, _PT_WORDS):
        s, e = _trim(ctx, *m.span("n"))
        v = text[s:e]
        if v.isupper() and "." not in v and (v in _ABBREV or v.lower() in COMMON_WORDS):
            continue
        if not _name_ok(v) or _eponym(ctx, s, e) or ctx.taken(s, e):
            continue
        if v.islower():
            first = v.split()[0]
            if len(first) < 3 or (first.endswith("s") and first not in FIRST_NAMES):
                continue  # "pt reports", "pt drinks": verbs, not surnames
            if not _LOWER_NAME_END.match(text, e):
                continue  # a lower-case name is followed by a pause or a short verb
        ctx.add("NAME", s, e)
    relatives = [
        *ctx.matches(_RELATIVE_PAREN, _RELATIVE_SET),
        *ctx.matches(_RELATIVE, _RELATIVE_SET),
    ]
    if not ctx.words.isdisjoint(_RELATIVE_SET):
        relatives += _RELATIVE_AFTER.finditer(text)
    for m in relatives:
        s, e = _trim(ctx, *m.span("n"))
        v = text[s:e]
        if v.islower() and v not in FIRST_NAMES:
            continue  # lower case after "wife" only for a known given name
        if _name_ok(v) and not ctx.taken(s, e) and not _eponym(ctx, s, e):
            ctx.add("NAME", s, e)


def _full_names(ctx: Ctx) -> None:
    text = ctx.text
    low = ctx.lower
    caps = [m for m in _CAPWORD.finditer(text) if not _plain_word(m.group())]
    colleague_message: bool | None = None
    for a, b in itertools.pairwise(caps):
        gap = _MIDDLE.fullmatch(text, a.end(), b.start())
        if gap is None:
            continue  # not adjacent: "Okafor, and" or a line break of prose between
        s, e = a.start(), b.end()
        f, last = a.group(), b.group()
        known = f.lower() in FIRST_NAMES
        if not known and (gap.end() - gap.start() > 1 and gap.group().strip()):
            continue  # a middle initial only after a known given name
        if ctx.taken(s, e) or _eponym(ctx, s, e) or _is_colleague(ctx, s, e):
            continue
        if f"{f.lower()} {last.lower()}" in _NOT_PERSON or _ORG_AFTER.match(text, e):
            continue
        if not known and (f.lower() in EPONYMS or last.lower() in EPONYMS):
            continue
        # Placed like a chart places a patient: "Jin-Woo Park, 52M", "saw X Y", "X Y in room 3".
        if _PAIR_AFTER.match(text, e) or _PAIR_BEFORE.search(low, max(0, s - 24), s):
            ctx.add("NAME", s, e)
            continue
        low_last = last.lower()
        if not known or low_last in NOT_TOWN or low_last in PLACE_TAILS or low_last in _FAMOUS:
            continue  # unknown given name without a chart shape; "Austin Texas", "William Osler"
        if colleague_message is None:
            colleague_message = _colleague_message(ctx)  # once per message, not per pair
        if not colleague_message:
            ctx.add("NAME", s, e)


def _shaped_names(ctx: Ctx) -> None:
    """Names in a chart's shapes: "Surname, Given - 45F", "R.M., 70 y/o", "the X family"."""
    text = ctx.text
    pats = []
    if "," in text:
        pats.append(_COMMA_NAME)
    if "." in text and ctx.digits:
        pats.append(_INITIALS_AGE)
    if "family" in ctx.words or "household" in ctx.words or "kids" in ctx.words:
        pats.append(_FAMILY)
    if "'" in text or "’" in text:
        pats.append(_POSSESSIVE_NAME)
    if "(" in text or (ctx.digits and ctx.has(_BED_WORDS)):
        pats.append(_INITIALS_PLACED)
    found = [m for pat in pats for m in pat.finditer(text)]
    found += ctx.matches(_BED_NAME, _BED_WORDS)
    for m in found:
        group = "p" if m.groupdict().get("p") else "n"
        s, e = m.span(group)
        value = text[s:e]
        if value.replace(" ", "") in _NOT_INITIALS or value in _ABBREV:
            continue
        parts = value.replace(",", " ").split()
        if any(_plain_word(w) for w in parts if "." not in w) or _eponym(ctx, s, e):
            continue
        if not ctx.taken(s, e) and not _is_colleague(ctx, s, e):
            ctx.add("NAME", s, e)


# "margaret okonkwo is back": a lower-case given name and surname acting as a subject.
_LOW_PAIR = re.compile(
    rf"(?P<f>[{_L}](?<![\w.@'’-].)[{_L}]{{2,}})\s+(?P<l>[{_L}][{_L}'’-]{{2,}})(?=\s+(?:is|was|has|had|came|"
    r"comes|needs|wants|refuses|refused|declined|called|says|said|got|went|left|returned|"
    r"presented|in room|in bed|in the ed|in the er|again|back)\b|\s*,)"
)


def _lower_pairs(ctx: Ctx) -> None:
    for m in ctx.matches(_LOW_PAIR, FIRST_NAMES):
        f, last = m.group("f"), m.group("l")
        if f not in FIRST_NAMES or _plain_word(f) or _plain_word(last) or last in EPONYMS:
            continue
        if last.endswith(_NOT_NAME_SUFFIX) or last in FIRST_NAMES:
            continue
        s, e = m.start("f"), m.end("l")
        if not ctx.taken(s, e) and not _is_colleague(ctx, s, e):
            ctx.add("NAME", s, e)


def _full_low(ctx: Ctx) -> None:
    text = ctx.text
    for pos in ctx.at(_FULL_LOW_WORDS):
        m = _FULL_LOW.match(text, pos)
        if m is None:
            continue
        f, last = m.group("f"), m.group("l")
        if f not in FIRST_NAMES or _plain_word(f) or _plain_word(last):
            continue
        if not last.endswith(_NOT_NAME_SUFFIX) and not ctx.taken(*m.span("f")):
            ctx.add("NAME", m.start("f"), m.end("l"))


_PERSON_BEFORE = re.compile(
    r"\b(?:she|he|they|pt|patient|husband|wife|son|daughter|mom|mother|dad|father|brother|"
    r"sister|partner|spouse|who|grandson|granddaughter|niece|nephew|caregiver|she's|he's|"
    r"shes|hes|pt's|patient's|and)\W{0,3}(?:\w+\s+){0,2}$"
)
_WORK_VERBS = words("works work working worked employed employee job retired shift shifts")


def _works_as_person(ctx: Ctx, m: re.Match[str]) -> bool:
    """True when a person (not "this drug" or "the filter") works at the place named.

    A job title ("cashier at", "works as a line cook at") is enough; the bare verb needs a
    person just before it ("he works at", "pt's wife works for").
    """
    trigger = ctx.lower[m.start() : m.start() + 12].split()[0]
    if trigger not in _WORK_VERBS or " as " in m.group(0).lower():
        return True
    if trigger in ("employed", "retired"):
        return True
    return _PERSON_BEFORE.search(ctx.lower, max(0, m.start() - 30), m.start()) is not None or (
        m.start() == 0
    )


def _employers(ctx: Ctx) -> None:
    text = ctx.text
    found: list[re.Match[str]] = []
    for pos in ctx.at(_EMPLOYER_WORDS):
        pat = _EMPLOYER_LABEL if ctx.lower.startswith("employer", pos) else _EMPLOYER_WORK
        m = pat.match(text, pos)
        if m is not None:
            found.append(m)
    if ctx.patient and text != ctx.lower:
        found.extend(_COMPANY.finditer(text))
    for m in found:
        if m.re is _EMPLOYER_WORK and not _works_as_person(ctx, m):
            continue
        s, e = m.span("o")
        org = text[s:e].rstrip(" .,")
        e = s + len(org)
        first = org.split()[0] if org else ""
        if not org or (first[0].isupper() and _plain_word(first) and len(org.split()) == 1):
            continue
        if _SELF.search(ctx.lower, max(0, m.start() - 40), m.start()):
            continue  # the author's or a colleague's workplace
        if not ctx.taken(s, e):
            ctx.add("EMPLOYER", s, e)


def detect(ctx: Ctx) -> None:
    """Patient and relative names, then patients' employers."""
    _cue_names(ctx)
    if ctx.text != ctx.lower:
        _full_names(ctx)
        _shaped_names(ctx)
    if ctx.has(_FULL_LOW_WORDS):
        _full_low(ctx)
    if ctx.has(FIRST_NAMES):
        _lower_pairs(ctx)
    if ctx.has(_EMPLOYER_WORDS) or (ctx.patient and ctx.has(_COMPANY_WORDS)):
        _employers(ctx)
