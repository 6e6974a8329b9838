"""The bundled medical vocabulary for matching paraphrases: abbreviations, synonyms, brand and
generic drug names, lay terms, British spellings, and the words that carry no meaning.

Each line of :data:`CONCEPTS` is ``tokens = phrase | phrase | …``: every phrase (matched after
the same normalisation as questions, so inflections work) becomes the canonical ``tokens``.
Ambiguous English words are deliberately left out (``all`` for ALL, ``us`` for ultrasound,
``pad``, ``ed``, ``er``, ``ca``, ``pt``, ``ra``, ``as``): a false synonym hurts more than a
missed one.
"""

from __future__ import annotations

__all__ = ["CONCEPTS", "GENERIC", "SPELLING", "STOPWORDS"]

CONCEPTS = """
atrialfibrillation = atrial fibrillation | af | afib | a fib | auricular fibrillation
atrialflutter = atrial flutter | aflutter | afl
heartfailure = heart failure | hf | chf | congestive heart failure | cardiac failure
heartfailure hfref = hfref | heart failure with reduced ejection fraction
heartfailure hfref = systolic heart failure
heartfailure hfpef = hfpef | heart failure with preserved ejection fraction
heartfailure hfpef = diastolic heart failure
myocardialinfarction = myocardial infarction | mi | heart attack | ami | acute mi
myocardialinfarction stemi = stemi | st elevation myocardial infarction
myocardialinfarction nstemi = nstemi | non st elevation myocardial infarction
acutecoronarysyndrome = acute coronary syndrome | acs
coronaryarterydisease = coronary artery disease | cad | coronary heart disease | chd
coronaryarterydisease = ischemic heart disease | ihd
hypertension = hypertension | htn | high blood pressure | hbp | hypertensive
hypotension = hypotension | low blood pressure | hypotensive
bloodpressure = blood pressure | bp
diabetes = diabetes | dm | diabetes mellitus | diabetic | diabetics
diabetes t2dm = type 2 diabetes | t2dm | t2d | dm2 | type ii diabetes | niddm
diabetes t1dm = type 1 diabetes | t1dm | t1d | dm1 | type i diabetes | iddm
chronickidneydisease = chronic kidney disease | ckd | chronic renal disease
chronickidneydisease = chronic renal failure | chronic renal insufficiency | crf
acutekidneyinjury = acute kidney injury | aki | acute renal failure | arf
endstagerenaldisease = end stage renal disease | end stage kidney disease | esrd | eskd
dialysis = dialysis | hemodialysis | peritoneal dialysis
egfr = egfr | gfr | glomerular filtration rate | estimated gfr
egfr = estimated glomerular filtration rate
creatinineclearance = creatinine clearance | crcl
creatinine = creatinine | creat | scr
pulmonaryembolism = pulmonary embolism | pulmonary embolus | pulmonary emboli | pe
deepveinthrombosis = deep vein thrombosis | deep venous thrombosis | dvt
venousthromboembolism = venous thromboembolism | vte
copd = chronic obstructive pulmonary disease | copd | chronic obstructive lung disease
asthma = asthma | asthmatic
pneumonia = pneumonia | pna
pneumonia communityacquired = community acquired pneumonia
urinarytractinfection = urinary tract infection | uti
stroke = stroke | cva | cerebrovascular accident | cerebral infarction | brain attack
transientischemicattack = transient ischemic attack | tia | mini stroke
obstructivesleepapnea = obstructive sleep apnea | osa | sleep apnea
gerd = gastroesophageal reflux disease | gerd | gord | acid reflux | reflux
inflammatoryboweldisease = inflammatory bowel disease | ibd
crohn = crohn disease | crohns | crohns disease | crohn
ulcerativecolitis = ulcerative colitis | uc
irritablebowelsyndrome = irritable bowel syndrome | ibs
lupus = systemic lupus erythematosus | sle | lupus
rheumatoidarthritis = rheumatoid arthritis
hiv = hiv | human immunodeficiency virus
covid = covid | covid 19 | sars cov 2 | coronavirus disease
tuberculosis = tuberculosis | tb
mrsa = methicillin resistant staphylococcus aureus | mrsa
cdifficile = clostridioides difficile | clostridium difficile | c diff | cdiff | cdi
sepsis = sepsis | septic | septicemia | septic shock
anemia = anemia | low hemoglobin | anemic
hemoglobin = hemoglobin | hgb | hb
thrombocytopenia = thrombocytopenia | low platelets | low platelet count
hyperkalemia = hyperkalemia | high potassium
hypokalemia = hypokalemia | low potassium
hyponatremia = hyponatremia | low sodium
hypernatremia = hypernatremia | high sodium
hypothyroidism = hypothyroidism | underactive thyroid | low thyroid
hyperthyroidism = hyperthyroidism | overactive thyroid
hyperlipidemia = hyperlipidemia | dyslipidemia | high cholesterol | hypercholesterolemia
ldl = ldl | ldl cholesterol | ldl c | low density lipoprotein
hba1c = hba1c | a1c | hemoglobin a1c | glycated hemoglobin | glycosylated hemoglobin
obesity = obesity | obese
bmi = body mass index | bmi
ejectionfraction = ejection fraction | ef | lvef
leftventricularhypertrophy = left ventricular hypertrophy | lvh
aorticstenosis = aortic stenosis
tavr = tavr | tavi | transcatheter aortic valve replacement
tavr = transcatheter aortic valve implantation
pci = pci | percutaneous coronary intervention | angioplasty
cabg = cabg | coronary artery bypass graft | coronary artery bypass | bypass surgery
ecg = ecg | ekg | electrocardiogram | electrocardiography
echocardiogram = echocardiogram | echo | tte | transthoracic echo | echocardiography
ctscan = ct | ct scan | cat scan | computed tomography
mri = mri | magnetic resonance imaging
chestxray = chest x ray | cxr | chest radiograph | chest film
bnp = bnp | nt probnp | ntprobnp | natriuretic peptide
troponin = troponin | trop | hs troponin | high sensitivity troponin
icu = icu | intensive care unit | intensive care | critical care
emergencydepartment = emergency department | emergency room
nsaid = nsaid | nsaids | non steroidal anti inflammatory | nonsteroidal anti inflammatory
anticoagulation = anticoagulation | anticoagulant | anticoagulate | anticoagulated
anticoagulation = blood thinner | blood thinners | oral anticoagulation | oac
doac = doac | noac | direct oral anticoagulant | novel oral anticoagulant | new oral anticoagulant
antiplatelet = antiplatelet | antiplatelet therapy | antiplatelets
dapt = dual antiplatelet therapy | dapt | dual antiplatelet
aspirin = aspirin | asa | acetylsalicylic acid
clopidogrel = clopidogrel | plavix
ticagrelor = ticagrelor | brilinta | brilique
prasugrel = prasugrel | effient
warfarin = warfarin | coumadin | jantoven | vka | vitamin k antagonist
apixaban = apixaban | eliquis
rivaroxaban = rivaroxaban | xarelto
dabigatran = dabigatran | pradaxa
edoxaban = edoxaban | savaysa | lixiana
heparin = heparin | ufh | unfractionated heparin
lmwh = lmwh | low molecular weight heparin
enoxaparin = enoxaparin | lovenox | clexane
metformin = metformin | glucophage
insulin = insulin | insulins
sglt2inhibitor = sglt2 inhibitor | sglt2i | sglt 2 inhibitor | sglt2 | sglt 2 | gliflozin
empagliflozin = empagliflozin | jardiance
dapagliflozin = dapagliflozin | farxiga | forxiga
canagliflozin = canagliflozin | invokana
glp1agonist = glp1 agonist | glp 1 agonist | glp 1 receptor agonist | glp1 ra | glp1ra | glp 1 ra
glp1agonist = glp1 | glp 1
semaglutide = semaglutide | ozempic | wegovy | rybelsus
liraglutide = liraglutide | victoza | saxenda
tirzepatide = tirzepatide | mounjaro | zepbound
dulaglutide = dulaglutide | trulicity
aceinhibitor = ace inhibitor | acei | ace i | angiotensin converting enzyme inhibitor
lisinopril = lisinopril | zestril | prinivil
ramipril = ramipril | altace | tritace
enalapril = enalapril | vasotec
arb = arb | angiotensin receptor blocker | angiotensin ii receptor blocker
losartan = losartan | cozaar
valsartan = valsartan | diovan
arni = arni | sacubitril valsartan | sacubitril | entresto
betablocker = beta blocker | beta blockers | betablocker | bb
metoprolol = metoprolol | lopressor | toprol
carvedilol = carvedilol | coreg
bisoprolol = bisoprolol | concor
calciumchannelblocker = calcium channel blocker | ccb
amlodipine = amlodipine | norvasc
diltiazem = diltiazem | cardizem
diuretic = diuretic | diuretics | water pill
furosemide = furosemide | lasix | frusemide
bumetanide = bumetanide | bumex
hydrochlorothiazide = hydrochlorothiazide | hctz
spironolactone = spironolactone | aldactone
mra = mra | mineralocorticoid receptor antagonist | aldosterone antagonist
statin = statin | statins | hmg coa reductase inhibitor
atorvastatin = atorvastatin | lipitor
rosuvastatin = rosuvastatin | crestor
simvastatin = simvastatin | zocor
ezetimibe = ezetimibe | zetia | ezetrol
pcsk9inhibitor = pcsk9 inhibitor | pcsk9i | pcsk9
evolocumab = evolocumab | repatha
alirocumab = alirocumab | praluent
digoxin = digoxin | lanoxin
amiodarone = amiodarone | cordarone | pacerone
levothyroxine = levothyroxine | synthroid | levoxyl | eltroxin | thyroxine
ppi = proton pump inhibitor | ppi | ppis
omeprazole = omeprazole | prilosec | losec
pantoprazole = pantoprazole | protonix
steroid = steroid | steroids | corticosteroid | corticosteroids | glucocorticoid
prednisone = prednisone | deltasone
dexamethasone = dexamethasone | decadron
opioid = opioid | opioids | opiate | opiates | narcotic | narcotics
antibiotic = antibiotic | antibiotics | abx | antimicrobial | antimicrobials
vancomycin = vancomycin | vanc | vanco
piperacillintazobactam = piperacillin tazobactam | pip tazo | piptazo | zosyn | tazocin
ceftriaxone = ceftriaxone | rocephin
amoxicillin = amoxicillin | amoxil
amoxicillinclavulanate = amoxicillin clavulanate | co amoxiclav | augmentin
azithromycin = azithromycin | zithromax | z pack | zpack
acetaminophen = acetaminophen | paracetamol | tylenol | apap
ibuprofen = ibuprofen | advil | motrin | nurofen
pregnancy = pregnancy | pregnant | gestation | gravid
pediatric = pediatric | children | child | kids | kid | pediatrics
elderly = elderly | older adult | older adults | geriatric | older patient | frail elderly
contraindication = contraindication | contraindicated | contraindications
sideeffect = side effect | side effects | adverse effect | adverse effects | adverse event
sideeffect = adverse reaction | adverse reactions
dose = dose | doses | dosing | dosage | dosages | dosed
reduce = reduce | reduction | lower | lowering | decrease | decreasing | cut down
reduce = adjust | adjusting | adjustment
increase = increase | increasing | raise | uptitrate | up titrate | titrate up
stop = stop | stopping | discontinue | discontinuation | discontinuing | cease | withdraw
stop = withhold | hold | hold off | come off | go off
start = start | starting | initiate | initiation | initiating | begin | commence
switch = switch | switching | change over | convert | transition
perioperative = perioperative | periop | preoperative | preop | postoperative | postop
perioperative = before surgery | after surgery | around surgery
surgery = surgery | surgical | operation | procedure
bleeding = bleeding | bleed | bleeds | hemorrhage | hemorrhagic
renal = kidney | kidneys | renal
hepatic = liver | hepatic | liver disease | hepatic impairment | liver impairment
pulmonary = lung | lungs | pulmonary
cardiac = heart | cardiac
dyspnea = dyspnea | shortness of breath | sob | breathlessness | short of breath
chestpain = chest pain | angina | anginal
syncope = syncope | fainting | faint | passing out | passed out
palpitations = palpitations | palpitation
edema = edema | swelling | fluid retention
fatigue = fatigue | tiredness | exhaustion
vomiting = vomiting | emesis
diarrhea = diarrhea | loose stools
fever = fever | pyrexia | febrile
headache = headache | headaches | cephalalgia
noncardiac = non cardiac | noncardiac
intolerance = intolerance | intolerant | cannot tolerate | cant tolerate | can not tolerate
duration = duration | how long | length of therapy
des = drug eluting stent | drug eluting stents | des
interaction = interaction | interactions | interact | interacts | interacting
target = target | targets | goal | goals | aim | aim for | target range
guideline = guideline | guidelines | guidance | consensus statement | practice guideline
trial = trial | trials | rct | rcts | randomized controlled trial | randomised trial
"""

#: Concepts that say what is asked (a dose, a switch, a trial), not what it is about: in
#: similarity they count like plain words, while drugs, conditions and settings count double.
GENERIC = frozenset(
    {
        "dose",
        "reduce",
        "increase",
        "stop",
        "start",
        "switch",
        "target",
        "guideline",
        "trial",
        "sideeffect",
        "contraindication",
        "interaction",
    }
)

#: British spellings and variants, token by token, before anything else.
SPELLING = {
    "anaemia": "anemia",
    "anaemic": "anemic",
    "haemoglobin": "hemoglobin",
    "haemorrhage": "hemorrhage",
    "haemorrhagic": "hemorrhagic",
    "haemodialysis": "hemodialysis",
    "haematology": "hematology",
    "haematuria": "hematuria",
    "oedema": "edema",
    "oesophagus": "esophagus",
    "oesophageal": "esophageal",
    "oestrogen": "estrogen",
    "paediatric": "pediatric",
    "paediatrics": "pediatrics",
    "hyperkalaemia": "hyperkalemia",
    "hypokalaemia": "hypokalemia",
    "hyponatraemia": "hyponatremia",
    "hypernatraemia": "hypernatremia",
    "hyperlipidaemia": "hyperlipidemia",
    "dyslipidaemia": "dyslipidemia",
    "hypercholesterolaemia": "hypercholesterolemia",
    "septicaemia": "septicemia",
    "ischaemic": "ischemic",
    "ischaemia": "ischemia",
    "anaesthesia": "anesthesia",
    "anaesthetic": "anesthetic",
    "leukaemia": "leukemia",
    "tumour": "tumor",
    "tumours": "tumors",
    "randomised": "randomized",
    "dyspnoea": "dyspnea",
    "diarrhoea": "diarrhea",
    "gynaecology": "gynecology",
    "orthopaedic": "orthopedic",
    "faeces": "feces",
    "haem": "heme",
}

#: Function words and chat filler: they say nothing about what a question is about.
STOPWORDS = frozenset(
    """
    a about above after again against ago all also am an and any anybody anyone anything are
    aren around as at be because been before being below between both but by can cannot could
    couldn did didn do does doesn doing don down during each either else even ever every few for
    from further get gets getting go goes going got had hadn has hasn have haven having he her
    here hers herself him himself his how however i if in into is isn it its itself just know
    let like ll me might more most much must my myself need needs no nor not now of off often
    on once only or other others our ours ourselves out over own per please quite rather re
    really s same shall she should shouldn since so some someone something still such t than
    thank thanks that the their theirs them themselves then there these they thing things this
    those though through thus to too under until up upon us ve very via was wasn way we well
    were weren what whats when where whether which while who whom whose why will with within
    without won would wouldn yes yet you your yours yourself yourselves
    hi hello hey folks colleagues everyone team guys question questions query ask asking asked
    wondering wonder thought thoughts opinion opinions advice advise help helpful appreciate
    appreciated experience experiences anyone anybody idea ideas input insight insights
    patient patients pt pts case cases currently current recently usually generally typically
    best good better approach practice situation setting scenario consider considering
    recommend recommended recommendation recommendations suggest suggestions use used using
    take taking taken give given giving make makes making safe safely okay ok
    post ahead another worth timing role useful treatment treat treating manage managing
    management handle handling deal dealing
    """.split()  # noqa: SIM905 - a word list reads best as text
)
