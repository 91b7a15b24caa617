"""The term lists, school names and guidance the site starts with.

Senior moderators and administrators change them in the admin (Settings →
Screening); these are only the starting point. (The house-rule reasons start from
the data migration moderation/migrations/0002_defaults.py.) Lists are one term
per line. Terms are matched on word boundaries and through common disguises
(leetspeak, repeated letters, "s.u.i.c.i.d.e"), so they need not spell every variant.
Risk lists lean towards catching too much: a false flag costs a moderator a few
seconds, a missed one can cost far more.
"""

SELF_HARM_TERMS = """
self harm
self harming
self harmed
selfharm
cut myself
cutting myself
cuts myself
hurt myself
hurting myself
harm myself
harming myself
burn myself
burning myself
punish myself
punishing myself
overdose
overdosed
overdosing
starve myself
starving myself
make myself sick
making myself sick
""".strip()

SUICIDE_TERMS = """
suicide
suicidal
kill myself
killing myself
end my life
ending my life
end it all
take my own life
taking my own life
want to die
wanna die
wish i was dead
wish i were dead
better off dead
better off without me
don't want to be here anymore
don't want to be alive
don't want to live
no reason to live
not worth living
hang myself
unalive
unalive myself
sewer slide
""".strip()

ABUSE_TERMS = """
abuse
abused
abuses
abusing
abusive
abuser
hits me
beats me
beat me up
beating me
rape
raped
molested
groomed me
grooming me
touched me inappropriately
sexual assault
sexually assaulted
domestic violence
not safe at home
scared to go home
afraid to go home
forced me to
makes me do things
asked me for nudes
threatened to share
locks me in
neglected me
neglects me
""".strip()

PROFANITY_TERMS = """
fuck
motherfucker
clusterfuck
shit
shite
bullshit
cunt
bitch
bastard
wank
wanker
twat
arse
arsehole
ass
asshole
dickhead
bollocks
piss
slag
slut
whore
""".strip()

# Whole words that a profanity term matches exactly but that are innocent: mostly
# places. Words that merely contain a term (Scunthorpe, Penistone, Cockermouth,
# Middlesex, assess, class) never match, because terms only match whole words.
PROFANITY_ALLOWED_WORDS = """
twatt
""".strip()

# Example names: the charity loads the real list of UK schools here, in Welsh and
# English. Names are matched without regard to case. Any capitalised name followed
# by "Academy", "High School", "Primary School" and so on, or following "Ysgol",
# "Ysgol Gyfun", "Ysgol Uwchradd", "Ysgol Gynradd" or "Coleg", is flagged even when
# not listed; the list catches the rest, such as names written without capitals
# ("ysgol glantaf") or shortened ("Glantaf"). "Ysgol Gymraeg" on its own is not a
# name: it means any Welsh-medium school.
SCHOOL_NAMES = """
Oakwood Academy
Riverside High School
Kingsmead School
Northfield Grammar

# Wales, in Welsh
Ysgol Gyfun Gymraeg Glantaf
Glantaf
Ysgol Gyfun Gymraeg Plasmawr
Ysgol Gyfun Gymraeg Bro Edern
Ysgol Bro Morgannwg
Ysgol Gyfun Ystalyfera
Ysgol Gyfun Gŵyr
Ysgol Gyfun Bryn Tawe
Ysgol Gyfun Cwm Rhymni
Ysgol Gyfun Rhydywaun
Ysgol Glan Clwyd
Ysgol Maes Garmon
Ysgol Maes y Gwendraeth
Ysgol y Strade
Ysgol Penglais
Ysgol Friars
Ysgol Tryfan
Ysgol David Hughes
Ysgol Syr Thomas Jones
Ysgol Dyffryn Aman
Coleg Gwent
Coleg Cambria
Coleg y Cymoedd
Coleg Sir Gâr

# Wales and England, in English
Cardiff High School
Fitzalan High School
Cathays High School
Whitchurch High School
Llanishen High School
Bishop of Llandaff Church in Wales High School
Radyr Comprehensive School
Stanwell School
Olchfa School
Bishop Gore School
Bassaleg School
Cardiff and Vale College
Gower College Swansea
Parrs Wood High School
Manchester Grammar School
Holland Park School
Burntwood School
""".strip()

SAFEGUARDING_GUIDANCE = """
This may show that a young person is at risk. Read it carefully and calmly.

1. Do not approve or reject it yourself: choose "Escalate" and say briefly what worried you.
2. Senior moderators are told at once and follow the charity's safeguarding procedure.
3. The young person has already been shown where to get support.
4. If you think someone is in immediate danger, tell the safeguarding lead now by phone.
5. Look after yourself too: take a break after reading something upsetting.
""".strip()


def self_harm_terms() -> str:
    return SELF_HARM_TERMS


def suicide_terms() -> str:
    return SUICIDE_TERMS


def abuse_terms() -> str:
    return ABUSE_TERMS


def profanity_terms() -> str:
    return PROFANITY_TERMS


def profanity_allowed_words() -> str:
    return PROFANITY_ALLOWED_WORDS


def school_names() -> str:
    return SCHOOL_NAMES


def safeguarding_guidance() -> str:
    return SAFEGUARDING_GUIDANCE
