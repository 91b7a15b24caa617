"""Demo campaign votes: one finished with published results, one in its first round.

Everything goes through the real services (sign-up, nominating, moderation, ballots,
closing), so what the demo shows is what the site does. Called by `manage.py demo_data`; idempotent.

The package's modules: `content` (topics and issues), `people` (the demo's young
people) and `campaigns` (the votes, and `seed`). The names callers use are re-exported here.
"""

from participation.demo.campaigns import seed
from participation.demo.people import participant_sign_up

__all__ = ["participant_sign_up", "seed"]
