"""What the demo and benchmark clinics are made of: names, diagnoses with the exercises they call
for, the range of motion a typical patient reaches, and the words of a thread and of notes."""

from telerehab.enums import ExerciseType, Side

DEMO_DOCTORS = [  # (username, full name)
    ("dr.okafor", "Dr. Amara Okafor"),
    ("dr.lindqvist", "Dr. Erik Lindqvist"),
    ("dr.santos", "Dr. Lucia Santos"),
]
FIRST_NAMES = [
    "Ada",
    "Bram",
    "Chiara",
    "Dev",
    "Elif",
    "Farah",
    "Gustav",
    "Hana",
    "Ivo",
    "Jonas",
    "Kemal",
    "Lena",
    "Mateo",
    "Nia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tuva",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zora",
    "Ines",
    "Milo",
    "Noor",
    "Pavel",
]
LAST_NAMES = [
    "Achebe",
    "Berg",
    "Conti",
    "Das",
    "Ekström",
    "Fischer",
    "García",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Olsen",
    "Petrov",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Urban",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhou",
    "Novak",
    "Mendes",
    "Haddad",
    "Kuznetsova",
]
DIAGNOSES = [
    (
        "Rotator cuff repair, 6 weeks post-op",
        Side.RIGHT,
        [ExerciseType.SHOULDER_FLEXION, ExerciseType.SHOULDER_ABDUCTION],
    ),
    (
        "Total knee replacement rehabilitation",
        Side.LEFT,
        [ExerciseType.SQUAT, ExerciseType.KNEE_RAISE],
    ),
    (
        "Frozen shoulder (adhesive capsulitis)",
        Side.LEFT,
        [ExerciseType.SHOULDER_FLEXION, ExerciseType.BICEP_CURL],
    ),
    (
        "Post-stroke upper limb weakness",
        Side.RIGHT,
        [ExerciseType.BICEP_CURL, ExerciseType.SHOULDER_FLEXION],
    ),
    ("ACL reconstruction, phase 2", Side.RIGHT, [ExerciseType.SQUAT, ExerciseType.KNEE_RAISE]),
    ("Hip osteoarthritis", Side.BOTH, [ExerciseType.KNEE_RAISE, ExerciseType.SQUAT]),
]
TYPICAL_ROM = {
    ExerciseType.BICEP_CURL: 130.0,
    ExerciseType.SHOULDER_FLEXION: 160.0,
    ExerciseType.SHOULDER_ABDUCTION: 150.0,
    ExerciseType.SQUAT: 95.0,
    ExerciseType.KNEE_RAISE: 90.0,
}


class DatabaseNotEmpty(RuntimeError):
    """A seed is only ever written into an empty database."""


# A doctor's and a patient's lines, in order; a demo thread is the first few of them.
THREAD = [
    ("doctor", "How did the exercises feel this week?"),
    ("patient", "Better, but my shoulder aches a bit after the second set."),
    ("doctor", "That is normal at this stage. Keep the range comfortable and rest longer."),
    ("patient", "Will do, thank you!"),
    ("doctor", "I have updated your plan for next week."),
]
NOTE_TEXTS = [
    "Initial assessment: reduced active range, pain 6/10 on elevation.",
    "Good adherence. Progressing sets from 2 to 3.",
    "Reports less night pain. Continue current plan.",
]
# Lines of the large clinic's threads, either person's: the demo thread's and a few more.
MESSAGE_LINES = [
    *(body for _, body in THREAD),
    "Could we move Thursday's call to the afternoon?",
    "Of course, I have moved it to 15:00.",
    "The squats are getting easier, I did all three sets today.",
    "Great progress. Try to go a little deeper, without pain.",
    "My knee was swollen this morning, should I skip today?",
]
# What a doctor of the large clinic reads, as audit actions: (operation, resource).
AUDIT_ACTIONS = [
    ("patients-get", "patient"),
    ("exercises-list-sessions", "patient"),
    ("exercises-range-of-motion", "patient"),
    ("exercises-adherence", "patient"),
    ("medical-records-list", "patient"),
    ("week-plans-list", "patient"),
    ("dashboard-doctor", "dashboard"),
]
