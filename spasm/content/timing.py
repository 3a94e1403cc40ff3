"""When to see someone, by time alone: one rule per message, said in the
same words wherever the app says it.

NHS: see a GP if back pain is not better after a few weeks of home
treatment, or is severe or getting worse; a pharmacist can advise on
painkillers sooner. Mayo Clinic: within a few weeks (4 at most), sooner if it
gets worse. Signs that call for help today or now are the red-flag lists,
never the calendar.
"""

from spasm.content import Fact

FEW_DAYS = "a few days"
FEW_WEEKS = "a few weeks"

# The day numbers the trend advice uses for the two phrases: day 3 is two
# whole days after the start; day 22 is three whole weeks, inside Mayo's four.
FEW_DAYS_FROM_DAY = 3
FEW_WEEKS_FROM_DAY = 22

SEE_SOMEONE_SOON = Fact(
    f"Still very bad after {FEW_DAYS}, or getting worse? See a pharmacist or doctor.",
    ("NHS", "Mayo"),
)
SEE_A_DOCTOR = Fact(
    f"Not better after {FEW_WEEKS}? See a doctor.",
    ("NHS", "Mayo", "CKS"),
)
