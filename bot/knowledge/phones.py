"""Is a contact's phone number or text line a real number for its country? (`kb check`)

Read with Google's libphonenumber data (the `phonenumbers` package), so "0808 802 0300" must
be a valid UK number and "911" a valid US short number, without a hand-written list of formats.
A number is accepted when it is a valid full number for the country, or a valid short number
there (999, 116 123, 88788). A line serving `emergency` must be one the library knows as an
emergency number. Vanity numbers ("1-800-799-SAFE (7233)") must spell the digits they show.

Some real short numbers are newer than the library's data (India's 1930 cybercrime line); they
are listed, with a source, in `data/short_numbers.yml` rather than let through by a looser rule.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

from bot.places import parent_code

SHORT_NUMBERS_FILE = Path(__file__).parent / "data" / "short_numbers.yml"

# "text START to 88788", "text 988", "free text 234", "text 204-792-5302 or 204-805-6682":
# an optional keyword, then one number or several joined by "or".
NUMBER_TEXT = r"[\d][\d ().-]*"
SMS_FORM = re.compile(
    rf"^(?:free\s+)?text\s+(?:(?P<keyword>\S+)\s+to\s+)?(?P<numbers>{NUMBER_TEXT}(?:\s+or\s+{NUMBER_TEXT})*)$",
    re.IGNORECASE,
)
# "1-800-799-SAFE (7233)": letters on the keypad, then the digits they stand for.
VANITY_FORM = re.compile(r"^(?P<number>.*[A-Za-z].*?)\s*\((?P<digits>[\d ]+)\)$")


def region_of(code: str) -> str:
    """The ISO country phonenumbers knows a place by: `US-TX` -> `US`, `GB-WLS` -> `GB`."""
    return parent_code(code) or code


def read_short_numbers(path: Path = SHORT_NUMBERS_FILE) -> dict[str, set[str]]:
    """Reviewed short numbers the library does not know yet, per country: {"IN": {"1930"}}."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {
        str(region): {re.sub(r"\D", "", str(entry["number"])) for entry in entries}
        for region, entries in (raw or {}).items()
    }


def number_problem(
    text: str, region: str, emergency: bool = False, reviewed: Mapping[str, Collection[str]] | None = None
) -> str | None:
    """Why `text` is not a real phone number in `region`, or None when it is.

    `emergency`: the line is listed as the emergency number, so the library must know it as one.
    """
    digits_shown = None
    vanity = VANITY_FORM.match(text.strip())
    if vanity:
        text, digits_shown = vanity["number"], re.sub(r"\D", "", vanity["digits"])
        spelled = re.sub(r"\D", "", phonenumbers.convert_alpha_characters_in_number(text))
        if not spelled.endswith(digits_shown):
            return f"{text!r} does not spell the digits shown ({digits_shown})"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        return f"cannot be read as a phone number ({error})"
    dialled = re.sub(r"\D", "", phonenumbers.convert_alpha_characters_in_number(text))
    if emergency:
        if shortnumberinfo.is_emergency_number(dialled, region):
            return None
        return f"is not an emergency number in {region}"
    if phonenumbers.is_valid_number_for_region(number, region):
        return None
    if shortnumberinfo.is_valid_short_number_for_region(number, region):
        return None
    if dialled in (reviewed or {}).get(region, ()):
        return None
    if shortnumberinfo.is_possible_short_number_for_region(number, region):
        return f"is not a short number phonenumbers knows in {region} (if it is real, list it in short_numbers.yml)"
    return f"is not a valid number in {region}"


def sms_problem(text: str, region: str, reviewed: Mapping[str, Collection[str]] | None = None) -> str | None:
    """Why an SMS line ("text START to 88788") is not a real text number in `region`, or None."""
    form = SMS_FORM.match(text.strip())
    if not form:
        return 'is not written as "text NUMBER" or "text KEYWORD to NUMBER"'
    for number in re.split(r"\s+or\s+", form["numbers"], flags=re.IGNORECASE):
        problem = number_problem(number.strip(), region, reviewed=reviewed)
        if problem:
            return f"{number.strip()!r} {problem}"
    return None
