"""Shoulder and elbow exercises of the library."""

from telerehab.enums import BodyRegion, ExerciseGoal, ExerciseType
from telerehab.library.model import Dose, LibraryExercise, Prop, View, demo, pose

SHOULDER, ELBOW = BodyRegion.SHOULDER, BodyRegion.ELBOW
STRENGTH, ROM = ExerciseGoal.STRENGTH, ExerciseGoal.RANGE_OF_MOTION
SIDE, FRONT = View.SIDE, View.FRONT

UPPER: tuple[LibraryExercise, ...] = (
    LibraryExercise(
        code=ExerciseType.SHOULDER_FLEXION.value,
        name="Shoulder flexion",
        region=SHOULDER,
        goal=ROM,
        summary="Raise a straight arm forward and up, as far as is comfortable.",
        instructions=(
            "Stand tall, feet hip-width apart, arms by your sides, thumbs pointing forward.",
            "Keeping the elbow straight, raise the arm forward and up in front of you.",
            "Go as high as you comfortably can, ideally until the arm is beside your ear.",
            "Lower it slowly back to your side. Keep your back straight: do not lean back.",
        ),
        cautions=(
            "Stop short of sharp pain; a stretch or mild ache that settles is fine.",
            "Do not shrug the shoulder up towards your ear to gain height.",
        ),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            SIDE, pose(label="Arm down"), pose(shoulder_left=160, label="Arm raised", hold_s=1)
        ),
        camera=ExerciseType.SHOULDER_FLEXION,
        easier="wall-walk",
    ),
    LibraryExercise(
        code=ExerciseType.SHOULDER_ABDUCTION.value,
        name="Shoulder abduction",
        region=SHOULDER,
        goal=ROM,
        summary="Raise a straight arm out to the side and up.",
        instructions=(
            "Stand tall facing forward, arms by your sides, palms facing your thighs.",
            "Keeping the elbow straight, lift the arm out to the side.",
            "Turn the palm up as the arm passes shoulder height and keep going if you can.",
            "Lower it slowly the same way.",
        ),
        cautions=(
            "Do not lean your body to the other side to lift higher.",
            "If there is a painful arc, go only to just below it and tell your physiotherapist.",
        ),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            FRONT, pose(label="Arms down"), pose(shoulder_right=150, label="Arm out", hold_s=1)
        ),
        camera=ExerciseType.SHOULDER_ABDUCTION,
    ),
    LibraryExercise(
        code="pendulum",
        name="Pendulum swings",
        region=SHOULDER,
        goal=ROM,
        summary="Let the arm hang and swing gently, to ease a stiff or painful shoulder.",
        instructions=(
            "Stand beside a table and lean forward, resting your good hand on it.",
            "Let the other arm hang straight down, relaxed, like a heavy rope.",
            "Rock your body gently so the arm swings forwards and backwards, then side to side.",
            "Then make small circles each way. The arm moves because your body moves.",
        ),
        cautions=(
            "Keep the hanging arm relaxed: do not lift it with its own muscles.",
            "Stand up slowly at the end if you feel light-headed.",
        ),
        dose=Dose(sets=2, reps=20, rest_seconds=30),
        demonstration=demo(
            SIDE,
            pose(trunk=60, shoulder_left=50, shoulder_right=35, label="Swing forward"),
            pose(trunk=60, shoulder_left=50, shoulder_right=85, label="Swing back"),
            move_s=1.0,
        ),
        harder="wall-walk",
    ),
    LibraryExercise(
        code="wall-walk",
        name="Finger wall walk",
        region=SHOULDER,
        goal=ROM,
        summary="Walk the fingers up a wall to raise the arm with little effort.",
        instructions=(
            "Stand facing a wall, about a forearm's length away.",
            "Put your fingertips on the wall at waist height.",
            "Walk the fingers up the wall slowly, step by step, as high as is comfortable.",
            "Hold for a moment, then walk them back down.",
        ),
        cautions=("Keep your shoulders down and relaxed; do not arch your back.",),
        dose=Dose(sets=2, reps=10, rest_seconds=30, hold_seconds=5),
        demonstration=demo(
            SIDE,
            pose(shoulder_left=70, elbow_left=20, label="Fingers at chest height"),
            pose(shoulder_left=150, elbow_left=5, label="Fingers high on the wall", hold_s=2),
            move_s=2.5,
            prop=Prop.WALL,
        ),
        easier="pendulum",
        harder=ExerciseType.SHOULDER_FLEXION.value,
    ),
    LibraryExercise(
        code="band-external-rotation",
        name="External rotation with a band",
        region=SHOULDER,
        goal=STRENGTH,
        summary="Turn the forearm outwards against a resistance band, elbow at your side.",
        instructions=(
            "Tie a band to a door handle at elbow height and stand side-on to it.",
            "Hold the band in the hand farther from the door, elbow bent to a right angle.",
            "Keep the elbow tucked against your side (a rolled towel there helps).",
            "Turn the forearm outwards, away from your tummy, then slowly back.",
        ),
        cautions=(
            "The elbow stays at your side the whole time.",
            "Use a lighter band if you cannot control the return.",
        ),
        dose=Dose(sets=3, reps=12, rest_seconds=60),
        demonstration=demo(
            FRONT,
            pose(both_elbow=90, label="Forearm across the body"),
            pose(both_elbow=90, shoulder_left=30, label="Forearm turned out", hold_s=1),
        ),
        equipment=("resistance band",),
    ),
    LibraryExercise(
        code="band-row",
        name="Seated row with a band",
        region=SHOULDER,
        goal=STRENGTH,
        summary="Pull a band towards you, squeezing the shoulder blades together.",
        instructions=(
            "Sit tall with your legs straight and the band around your feet, or tie it ahead.",
            "Hold an end in each hand, arms straight in front of you.",
            "Pull your elbows back past your sides, squeezing the shoulder blades together.",
            "Return slowly to straight arms.",
        ),
        cautions=("Keep your back straight and still; the arms do the work.",),
        dose=Dose(sets=3, reps=12, rest_seconds=60),
        demonstration=demo(
            SIDE,
            pose(both_shoulder=80, label="Arms forward"),
            pose(both_shoulder=-30, both_elbow=110, label="Elbows pulled back", hold_s=1),
            prop=Prop.CHAIR,
        ),
        equipment=("resistance band",),
        easier="scapular-squeeze",
    ),
    LibraryExercise(
        code="scapular-squeeze",
        name="Shoulder blade squeeze",
        region=SHOULDER,
        goal=STRENGTH,
        summary="Draw the shoulder blades back and down, to improve posture and control.",
        instructions=(
            "Sit or stand tall with your arms relaxed by your sides.",
            "Gently draw your shoulder blades back and down, as if into your back pockets.",
            "Hold, breathing normally, then relax.",
        ),
        cautions=("Do not shrug your shoulders up or push your chin forward.",),
        dose=Dose(sets=2, reps=10, rest_seconds=30, hold_seconds=5),
        demonstration=demo(
            SIDE,
            pose(both_elbow=40, both_shoulder=10, label="Relaxed"),
            pose(both_elbow=40, both_shoulder=-25, label="Blades squeezed", hold_s=2),
            prop=Prop.CHAIR,
        ),
        harder="band-row",
    ),
    LibraryExercise(
        code="wall-push-up",
        name="Wall push-up",
        region=SHOULDER,
        goal=STRENGTH,
        summary="A push-up against a wall, for the shoulders, chest and arms.",
        instructions=(
            "Stand an arm's length from a wall and put your palms on it at shoulder height.",
            "Keeping your body straight from head to heels, bend the elbows to bring your "
            "chest towards the wall.",
            "Push back until the arms are straight again.",
        ),
        cautions=("Keep the hips in line: do not let them sag or stick out.",),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            SIDE,
            pose(trunk=15, both_hip=-15, both_shoulder=85, both_ankle=-15, label="Arms straight"),
            pose(
                trunk=25,
                both_hip=-25,
                both_shoulder=60,
                both_elbow=100,
                both_ankle=-25,
                label="Chest to the wall",
            ),
            prop=Prop.WALL,
        ),
    ),
    LibraryExercise(
        code=ExerciseType.BICEP_CURL.value,
        name="Bicep curl",
        region=ELBOW,
        goal=STRENGTH,
        summary="Bend the elbow to bring the hand to the shoulder, with or without a weight.",
        instructions=(
            "Stand tall, arms by your sides, palms facing forward (a light weight if prescribed).",
            "Keeping the upper arm still against your side, bend the elbow to lift the hand.",
            "Bring it up towards your shoulder, then lower it slowly all the way.",
        ),
        cautions=(
            "Do not swing the body or move the elbow forward to help the lift.",
            "Lower the weight slowly: the way down works the muscle too.",
        ),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            SIDE, pose(label="Arm straight"), pose(elbow_left=140, label="Hand up", hold_s=0.8)
        ),
        camera=ExerciseType.BICEP_CURL,
        easier="elbow-bend-straighten",
    ),
    LibraryExercise(
        code="elbow-bend-straighten",
        name="Elbow bend and straighten",
        region=ELBOW,
        goal=ROM,
        summary="Bend and straighten the elbow fully, to regain its movement.",
        instructions=(
            "Sit with your arm resting on a table, palm up.",
            "Bend the elbow slowly as far as it goes, helping with the other hand if needed.",
            "Then straighten it as far as it goes, and hold each end for a moment.",
        ),
        cautions=("Move slowly; stop at a firm stretch, not at pain.",),
        dose=Dose(sets=2, reps=10, rest_seconds=30, hold_seconds=3),
        demonstration=demo(
            SIDE,
            pose(shoulder_left=40, elbow_left=5, label="Straight"),
            pose(shoulder_left=40, elbow_left=140, label="Bent", hold_s=1),
            prop=Prop.CHAIR,
        ),
        harder=ExerciseType.BICEP_CURL.value,
    ),
    LibraryExercise(
        code="forearm-rotation",
        name="Forearm turns",
        region=ELBOW,
        goal=ROM,
        summary="Turn the palm up and down with the elbow bent, for a stiff forearm or wrist.",
        instructions=(
            "Sit with your elbow bent to a right angle and tucked against your side.",
            "Turn your palm up to face the ceiling, as far as it goes.",
            "Then turn it down to face the floor. Keep the elbow at your side.",
        ),
        cautions=("Do not let the elbow move away from your body to fake the turn.",),
        dose=Dose(sets=2, reps=15, rest_seconds=30),
        demonstration=demo(
            FRONT,
            pose(elbow_left=90, shoulder_left=5, label="Palm up"),
            pose(elbow_left=90, shoulder_left=15, label="Palm down"),
            move_s=1.0,
            prop=Prop.CHAIR,
        ),
    ),
    LibraryExercise(
        code="overhead-triceps-extension",
        name="Overhead triceps extension",
        region=ELBOW,
        goal=STRENGTH,
        summary="Straighten the elbow overhead, for the muscle at the back of the arm.",
        instructions=(
            "Sit tall and raise one arm overhead, then bend the elbow so the hand is behind "
            "your head.",
            "Support the upper arm with the other hand.",
            "Straighten the elbow to lift the hand to the ceiling, then lower slowly.",
        ),
        cautions=("Keep the upper arm still and close to your head.",),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            SIDE,
            pose(shoulder_left=170, elbow_left=130, label="Hand behind the head"),
            pose(shoulder_left=170, elbow_left=5, label="Arm straight", hold_s=0.8),
            prop=Prop.CHAIR,
        ),
        equipment=("light weight",),
    ),
    LibraryExercise(
        code="hammer-curl",
        name="Hammer curl",
        region=ELBOW,
        goal=STRENGTH,
        summary="A curl with the thumb on top, for the forearm and elbow flexors.",
        instructions=(
            "Stand tall holding a light weight, thumb pointing forward.",
            "Bend the elbow to bring the weight up, keeping the thumb on top.",
            "Lower it slowly to a straight arm.",
        ),
        cautions=("Keep the wrist straight and the elbow at your side.",),
        dose=Dose(sets=3, reps=10, rest_seconds=60),
        demonstration=demo(
            SIDE, pose(label="Arm straight"), pose(elbow_left=130, label="Weight up", hold_s=0.8)
        ),
        equipment=("light weight",),
    ),
)
