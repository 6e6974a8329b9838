"""Given names used to recognise a bare full name ("Margaret Okonkwo") in clinical chat.

Surnames are open-ended, but a capitalised pair whose first word is a known given name is
a strong signal; context then decides whether it is a patient or a colleague. The list is
deliberately broad across cultures, because a patient's name can come from anywhere.
"""

from __future__ import annotations

_RAW = """
aaliyah aaron abby abdul abdullah abel abigail abraham ada adam adaeze adah adam adebayo adele
adeline adrian adriana adrienne agatha agnes ahmad ahmed aidan aiden aiko aisha aishwarya akira
akosua alan alana albert alberto alejandra alejandro aleksandr alessandra alessandro alex alexa
alexander alexandra alexei alexis alfonso alfred alfredo ali alice alicia alina alison alistair
allison alma alonzo alvaro amanda amara amari amber amelia amina amir amit amos amy ana anahi
anan anand ananya anastasia anders andre andrea andreas andrei andres andrew andy aneesh angel
angela angelica angelina angelo angus anika anil anita ann anna annabel anne annette annie
anthony antoine anton antonio anya apinya april arash archie ari ariana ariel arjun arlene
armando arnav arnold arthur arturo arvind asha ashley ashok asif aston astrid aubrey audrey
august augustin aurora austin ava avery axel ayaan ayako ayesha ayo ayodele aziz babajide
bailey barbara barnaby barry bart basil bea beatrice beatriz becky belinda bella ben benedict
benjamin bernadette bernard bernice bert beth bethany betty beverly bianca bilal bill billie
billy birgit bjorn blake blanca bo bob bobby bodhi bogdan bonnie boris brad bradley brandon
brenda brendan brent brett brian briana bridget brigitte britt brittany brock brooke bruce
bruno bryan bryce caitlin caleb callum calvin camila camille candace cara carina carl carla
carlos carmen carol caroline carolyn carrie carter casey cassandra catalina catherine cathy
cecilia cedric celeste celia cesar chad chandra chanel charity charlene charles charlie
charlotte chase chelsea cheng cheryl chiamaka chidi chinedu chioma chloe chris christian
christina christine christopher chuck chukwuemeka ciara cindy claire clara clarence claudia
claudio clay clayton clement cliff clifford clint clyde cody colette colin colleen connor
conor constance consuelo cora corey cornelius courtney craig cristina cruz crystal curtis
cynthia dagmar dahlia daisy dale damian damien dan dana daniel daniela danielle danny dante
daphne darius darla darnell darren darryl daryl dave david dawn dean deborah debra declan
dee deepa deepak deirdre delia della delores demetrius denise dennis derek derrick desmond
devi devon dexter diana diane diego dilip dimitri dina dinesh dmitri dolores dominic
dominique don donald donna dora doreen doris dorothy doug douglas duane dwayne dylan earl
ebony ed eddie edgar edith edmund edna eduardo edward edwin efua eileen ekaterina elaine
elena eleanor eli elias elif elijah elisa elisabeth elise eliza elizabeth ella ellen ellie
elliot elliott eloise elsa elsie elvira emeka emil emilia emilio emily emma emmanuel enrique
eric erica erik erin ernest ernesto esme esperanza esteban estelle esther ethan etta eugene
eunice eva evan evangeline eve evelyn ewa ezra fabian fahad faith farah farid farida fatima
fatou faye federico felicia felipe felix fernando fidel finn fiona florence floyd folake
frances francesca francis francisco franco frank frankie franklin fred freddie frederick
freya frida gabriel gabriela gabriella gail gareth garrett gary gavin gemma gene geneva
genevieve geoffrey george georgia gerald geraldine gerard gerardo gertrude gianna gideon gil
gilbert gina giovanni gisela giulia giuseppe gladys glen glenda glenn gloria gordon grace
graham grant greg gregory greta gretchen guadalupe guillermo gunnar gus gustavo guy gwen
gwendolyn hailey hakim hal haley hamid hamza hana hank hannah hans harold harper harriet
harry harvey hassan hattie hazel heather hector hedda heidi helen helena helga henri henrietta
henry herbert herman hilda hillary hiro hiroshi holly hope horace howard hugh hugo hussein ian
ibrahim ida ifeoma igor ike ilana ilse imani imogen imran ines inga ingrid irene iris irma
isaac isabel isabella isabelle isaiah ishaan isidro isla ismail ivan ivy jack jackie jackson
jacob jacqueline jade jaime jake jamal james jamie jan jane janelle janet janice jared jasmine
jason javier jay jayden jean jeanette jeanne jeff jeffrey jenna jennifer jenny jeremiah jeremy
jerome jerry jesse jessica jesus jill jim jimmy jin jo joan joanna joanne jocelyn jody joe joel
johan johanna john johnny jon jonah jonas jonathan jordan jorge jose josef joseph josephine
josh joshua josiah joy joyce juan juanita judith judy jules julia julian juliana julie julien
julio june justin kaito kamal kamala kara karen kari karim karin karina karl kasia kate
katherine kathleen kathryn kathy katie katrina kayla keisha keith kelly kelvin ken kendall
kendra kenji kenneth kenya kerry kevin khadija khalid kiara kim kimberly kirsten kofi kojo
kris krishna kristen kristin kurt kwame kyle lakshmi lamar lana lance lara larry latasha
latoya laura lauren laurence laverne lawrence layla leah lee leila lena leo leon leona
leonard leonardo leroy leslie lester leticia levi lewis liam lila lillian lily lina linda
lindsay lindsey lionel lisa liv liz liza lloyd logan lois lola lonnie lora lorena lorenzo
loretta lori lorraine lou louis louisa louise lourdes lucas lucia luciana lucille lucy luis
luisa luka lukas luke luz lydia lyle lynn mabel mac mackenzie madeline madison mae maeve
magdalena maggie magnus mahmoud maia maja malcolm malik mallory mamadou mandy manuel mara
marc marcel marcella marcia marco marcos marcus margaret margarita margo maria mariam marian
mariana marie marilyn marina mario marion marisol marissa marjorie mark marla marlene marsha
marshall marta martha martin marvin mary mason mateo mathias matilda matt matteo matthew
maude maureen maurice mavis max maxine maya megan mehmet mei melanie melissa melvin mercedes
meredith mia micah michael michaela michel michelle miguel mikael mike mila milan mildred
miles milo mina minh minnie miriam mireille misty mitchell mohamed mohammed moira mona monica
monique morgan moses muhammad muriel murray mustafa myra myrtle nadia nadine nancy naomi
natalia natalie natasha nathan nathaniel neal neha neil nell nelson nia nicholas nick nicola
nicolas nicole niamh nigel nikhil nikita nikolai nina noah noel noelle nora norah norma
norman nuno nuru octavia odette olga oliver olivia omar oscar osvaldo otis otto owen pablo
paige pamela paola parker pat patricia patrick patsy patti paul paula pauline pearl pedro
peggy penelope percy perla pete peter petra phil philip phillip phoebe pierre pilar piotr
polly pooja precious preston priscilla priya quentin quinn rachel rafael rahul raj rajesh
ralph ramon ramona randall randy raquel rashid raul ravi ray raymond rebecca reggie regina
reginald renata rene renee reuben rex reza rhonda ricardo richard rick ricky rita rob robert
roberta roberto robin rocco rochelle rodney rodrigo roger rohan roland rolando roman ronald
ronnie rosa rosalind rosalie rosario rose rosemary ross roxanne roy ruben ruby rudolph rudy
rufus russell ruth ryan sabrina sadie sahil said saima sakura sally salma salvador sam
samantha samir samuel sandra sandy sanjay santiago santos sara sarah sasha saul savannah
scott sean sebastian selena selma serena sergei sergio seth shane shannon sharon shauna
shawn sheila shelby shelley sherry shirley siddharth sienna silas silvia simon simone siobhan
sofia sonia sonja sophia sophie soren spencer stacy stanley stefan stella stephan stephanie
stephen steve steven stuart sue sumit sunil susan susanne suzanne sven svetlana sybil sylvia
tamara tamika tammy tania tanisha tanya tara tariq tatiana ted teresa terrance terrence terri
terry thabo thaddeus thea theo theodore theresa thomas tim timothy tina tobias toby todd tom
tomas tommy toni tony tracy travis trevor tricia trinity tristan troy trudy tyler tyrone ulla
ulrich uma ursula valentina valeria valerie vanessa vasquez vera vernon veronica vicente
vickie victor victoria vijay vikram vince vincent viola violet virginia vivian vivek wade walker
wallace walter wanda warren wayne wendell wendy wesley whitney wilbur wilfred will willa
willem william willie wilma winifred winston xavier xiomara yara yasmin yesenia yolanda
yosef yusuf yvette yvonne zach zachary zainab zara zeynep zoe zora zuri
akua ama kwabena yaw kunle tunde bisi ngozi obinna uche amaka emeka kemi yemi segun
wei li ming xin yan hui jun lei jie ling ying hong chen hao yu xiao zhi feng yong
hyun jiwoo seo minji jisoo hana yuki haruto ren sota yui hina riku aoi takeshi kenta
anh linh thanh tuan quang hoa nguyet duc phuong
ravi sanjay anjali kavya meera rekha sunita vinod suresh ramesh ganesh harish prakash
lakshmi padma shreya tanvi ishita karthik venkat srinivas
oluwaseun olumide chukwudi adaora nnamdi ikenna ebere temitope funmilayo babatunde
giorgos dimitris eleni konstantinos nikos yiannis katerina
mehdi reza parisa shirin dariush navid farhad kian
bjorn sigrid leif astrid ingvar solveig torsten
joaquin ximena marisela graciela rogelio ignacio leonel maribel yadira
aarav abebe abena abimbola adel adeola adnan afua agnieszka ahmet aigerim akash akosua
alasdair albrecht aldo aleksander aleksandra alessia alfie alois alvin amadou amalia amani
ambrose anders anouk anselm antti anwar aoife apollo araceli arash arnav arturo asa asher
astrid augustine aurelio axel ayanna aylin azadeh baraka barnabas bartholomew basia bashir
beatrix benedikt bertrand bettina birgitta blessing bogdan bojan bronwyn bruna caetano
calla camden candela carmela casimir cato cecile cedric celestine ceren chandler chiara
chinonso cillian cirilo clarissa claudette colm constantin corentin cosimo cyrus dagny
dalia damilola danuta darina darko dawit deniz desislava dieter dimitra dinah dobromir
dolores dorota dragan duarte dunja ebony edgardo efosa eilidh einar ekene elif eliska
elodie elvira emeka emilie emre endre enzo ermias esra ester eszter ewan ezekiel fabiola
faisal fergus fernanda filip finnian florin folasade francisca frederik gaia garrick
gaspar gebre gemma gergely ghislaine gintaras giorgio gitte goran gregor grzegorz gulnara
gunther gwyneth habib hakan halima hamish hanne haruki hatice helmut hendrik henrike
hilde honoria horatio hristo hyacinth idris ignatius ilse imelda ines ioana irina isidora
ismael iveta ivo jadwiga jakub janusz jarrah jaroslav jelena jeroen joaquim jolanta
jorunn josiane jovan jurgen kacper kalani kamila kasimir katarzyna kazimierz keanu kenji
kerstin khalil kieran kimani kiri klaus kofi kostas kristof lachlan laila lamar lars
laszlo lavinia leandro leopold lisbeth lorcan lorenza lotte luca ludmila lukasz lupita
lyudmila maarten mads magdalena maike malgorzata malin manon marek margarethe marianne
mariusz marjolein marketa marlon mathilde matthias maximilian mehmet meike melek merve
mieczyslaw mihai mikkel milos miroslav moana morten murat mykola nadezhda nanami natalya
nazanin nils nkechi noor nuala oddny odile oksana olamide oleg olena olufemi ondrej orla
oskar osman otto ozan paavo pascale patrycja pavel pawel pedro pekka petar pietro piotr
radek radu rafal ragnar raili ramona rasmus razvan reinhard renata rhiannon rocio rodrigo
roisin roksana rolf rosario ruairi rutger sabine saoirse sanna sebastiao seren serkan
severin sibel sigurd silvana simona sinead sipho slawomir solveig stanislav stefania
sune sverre tadeusz taina takumi tamar tancredi tarek teodora teodor theodora thiago
thorsten tiago timo tomasz toni torsten tunde ugo ulrike urszula valentin vaclav valeriu
vasile veronika viktor vilma vincenzo vitor vladimir wanjiru werner wiktoria wojciech
xander yannick yaroslav yasmin yevgeny yiannis yolanda yusra zbigniew zdenek zofia zoltan
zuzana zeynep zebulon ezra hezekiah obadiah thaddeus ignatius cornelius percival
mortimer clement ambrose wilbur alvin virgil homer herschel otis orville elmer ernestine
mildred agatha bernadette eugenia ottilie philomena winifred wilhelmina prudence
"""

FIRST_NAMES: frozenset[str] = frozenset(_RAW.split())
