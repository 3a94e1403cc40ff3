"""What to do now and what to say on the phone when a warning sign means getting help."""

from spasm.content import Fact
from spasm.content.red_flags import EMERGENCY, MATERNITY, SOON, TODAY
from spasm.content.sources import TIP

# Label for the tel: button; the page fills in the number for where the phone is.
CALL_LABEL = "Call {number}"

# What to do, by urgency, said first on the landing screen. "Do not move" is
# said only where it applies: after a fall (the sign says so), not for the
# signs where going to A&E is as right as calling.
DO_NOW: dict[str, Fact] = {
    EMERGENCY: Fact("Call the emergency number now, or go to A&E. Do not drive yourself.", ("NHS", "NHS-kidney")),
    MATERNITY: Fact("Call your midwife or maternity unit now.", ("UHB-midwife",)),
    TODAY: Fact("Call your doctor or go to urgent care today.", ("NHS", "CKS")),
    SOON: Fact("Book to see a pharmacist or doctor in the next few days.", ("NHS", "Mayo")),
}
WORSE_FAST = Fact("If it gets much worse, or a new sign starts, call the emergency number.", ("NHS",))
# Said on the landing screen when the fall was ticked.
AFTER_A_FALL = Fact("After a serious fall, stay still. Do not try to move.", ("NHS", "Torbay-falls"))

WHAT_TO_SAY_TITLE = "What to say when they answer"

# A script to read out, not a clinical claim, so plain strings without
# sources. The sign comes first: it is what tells them how fast to come.
SAY_SIGN_FIRST = "First say the sign that made you call. For example: I cannot pee, or I am numb between my legs."
SAY_TICKED_FIRST = "First say what made you call:"
WHAT_TO_SAY: tuple[str, ...] = (
    "Then say you have bad back pain, and when it started.",
    "Give your full address and how to get in.",
    "If you can move safely, unlock the door. After a fall, stay still and tell them the door is locked.",
)

DISCLAIMER = Fact(
    "This app cannot tell what is wrong. A doctor or nurse can.",
    (TIP,),
)
