"""What the demo is about: its topics, and the issues its young people nominate."""

TOPICS = [
    ("Mental health", "mental-health"),
    ("Money and work", "money-and-work"),
    ("Housing", "housing"),
    ("Education", "education"),
    ("Relationships", "relationships"),
    ("Physical health", "physical-health"),
    ("Discrimination", "discrimination"),
    ("Getting around", "getting-around"),
]

ISSUES = [
    (
        "Shorter waits for mental health support",
        "mental-health",
        "Young people wait months for counselling after asking for help.",
    ),
    (
        "Counsellors in every school and college",
        "mental-health",
        "Someone to talk to, on site, without a long referral.",
    ),
    (
        "Mental health first aid for teachers",
        "mental-health",
        "Teachers often don't know what to say when a student is struggling.",
    ),
    (
        "Support that doesn't stop at 18",
        "mental-health",
        "Moving from children's to adult services means starting again.",
    ),
    (
        "Free bus travel for under-18s",
        "getting-around",
        "Getting to college or work costs too much for many families.",
    ),
    (
        "Cheaper train fares for apprentices",
        "getting-around",
        "Apprentices earn little and often travel far.",
    ),
    (
        "Safer late-night transport",
        "getting-around",
        "Getting home after a late shift shouldn't feel dangerous.",
    ),
    (
        "A real living wage for under-21s",
        "money-and-work",
        "The same work should get the same pay.",
    ),
    (
        "Help with the cost of exams and resits",
        "money-and-work",
        "Resit fees stop people from trying again.",
    ),
    (
        "Clear advice on first jobs and contracts",
        "money-and-work",
        "Zero-hours contracts are confusing and unfair.",
    ),
    (
        "Money lessons in school",
        "money-and-work",
        "Budgets, debt and tax should be taught before you need them.",
    ),
    (
        "No more hidden fees for renters",
        "housing",
        "Deposits and fees make it impossible to move out.",
    ),
    (
        "Homes for young people leaving care",
        "housing",
        "Care leavers shouldn't face homelessness at 18.",
    ),
    (
        "Emergency housing that is safe for young people",
        "housing",
        "Hostels can be frightening places for a 17-year-old.",
    ),
    (
        "Stop sofa-surfing being invisible",
        "housing",
        "Young people without a home don't show up in the numbers.",
    ),
    (
        "Better relationships education",
        "relationships",
        "Lessons should cover consent, control and online pressure.",
    ),
    (
        "Help for young carers",
        "relationships",
        "Young carers miss school and have no time for themselves.",
    ),
    (
        "Support after a family breakdown",
        "relationships",
        "When parents split up, nobody asks the children how they are.",
    ),
    (
        "Action on online bullying",
        "relationships",
        "Platforms should act faster when young people report abuse.",
    ),
    (
        "Free period products everywhere",
        "physical-health",
        "Not just in schools: in colleges, libraries and workplaces.",
    ),
    (
        "Sexual health services that are easy to reach",
        "physical-health",
        "Clinics close early and are far away.",
    ),
    (
        "Help with eating disorders, sooner",
        "physical-health",
        "You shouldn't have to be very ill before you get help.",
    ),
    (
        "Youth clubs in every area",
        "physical-health",
        "Somewhere safe to go that doesn't cost money.",
    ),
    ("End racism in schools", "discrimination", "Racist bullying is often not taken seriously."),
    (
        "Support for LGBTQ+ young people",
        "discrimination",
        "Many still don't feel safe being themselves at school.",
    ),
    (
        "Accessible colleges and universities",
        "discrimination",
        "Disabled students face barriers at every step.",
    ),
    (
        "Fair treatment by the police",
        "discrimination",
        "Stop and search makes young people feel targeted.",
    ),
    ("Votes at 16", "education", "If we can work and pay tax, we should be able to vote."),
    ("Less exam pressure", "education", "Everything rides on a few weeks of exams."),
    ("Better careers advice", "education", "Careers advice is one meeting, too late."),
    ("Help for young people not in school", "education", "Excluded pupils fall through the gaps."),
    (
        "Free school meals for every family on benefits",
        "education",
        "Some hungry children still miss out.",
    ),
    ("Digital access for every student", "education", "Homework needs a laptop and the internet."),
    (
        "Support for young refugees",
        "discrimination",
        "Young people seeking asylum need support in their own language.",
    ),
    (
        "Help with loneliness",
        "mental-health",
        "Lots of young people feel alone even when surrounded by people.",
    ),
    ("Affordable gym and sport", "physical-health", "Keeping active shouldn't be a luxury."),
    (
        "Protect young workers from harassment",
        "money-and-work",
        "Young workers are least likely to report it.",
    ),
    (
        "Advice on gambling and loot boxes",
        "money-and-work",
        "Gambling-like games target young people.",
    ),
    ("Local mental health drop-ins", "mental-health", "Somewhere to go without an appointment."),
    ("Fair rent for students", "housing", "Student rents take most of the loan."),
    (
        "Make apps safer by design",
        "relationships",
        "Safety settings should be on by default for under-18s.",
    ),
    (
        "Better support after bereavement",
        "mental-health",
        "Grief support for young people is hard to find.",
    ),
]
