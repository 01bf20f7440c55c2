"""The import's notes on a customer's position, which a position placed by hand settles.

A customer placed roughly (「同じ市区町村のお客様の位置に仮置きしました」), left without a
position, or kept at its previous address carries a note in ``problems``; once the manager
drags its pin to the right place (:class:`planner.edits.MoveCustomer`) the note no longer
holds, and the customer list, its 問題のある行 filter and the exports stop showing it.
"""

from __future__ import annotations

from planner.i18n import without_messages

#: English sources of the notes a hand-placed position settles (any language is recognised).
POSITION_NOTES = (
    "Placed approximately at the customers of the same chōme; check the position on the map.",
    "Placed approximately at the customers of the same town; check the position on the map.",
    "Placed approximately at the customers of the same municipality; check the position on "
    "the map.",
    "Located only at town level ({matched}); check the position on the map.",
    "Located only at city level ({matched}); check the position on the map.",
    "Address not found by the geocoder; place the customer on the map by hand.",
    "The address was not found: place the customer on the map.",
    "Not located.",
    "No coordinates; imported without a position (geocode the address or place it on the map).",
    "No address and no coordinates; imported without a position (place it on the map, or fill "
    "in its address).",
    "The coordinates are not readable as latitude,longitude; imported without a position.",
    "The coordinates are outside Japan; imported without a position.",
    "The coordinates are 0, 0 (not filled in); imported without a position (geocode the "
    "address or place it on the map).",
    "The coordinates are 0, 0 (not filled in) and there is no address; imported without a "
    "position (place it on the map, or fill in its address).",
    "The coordinates do not match the address ({area}): they lie in {prefecture}. Check the "
    "position.",
    "Latitude and longitude were swapped and are fixed, but the coordinates do not match the "
    "address ({area}): they lie in {prefecture}. Check the position.",
    "The address changed and the list has no coordinates: locate it again (geocode) or place "
    "it on the map.",
    "The address changed and the list has no coordinates: the position stays at the previous "
    "address until the new one is located (geocode it, or place it on the map).",
    "No map position, so no territory either: locate its address or place it on the map.",
    "The address search cannot be reached, so the position could not be found (check the "
    "internet connection, then look the addresses up again).",
    "The address search refused access ({detail}), so the position could not be found; check "
    "the API key or the usage limit.",
    "The address search did not accept this address ({detail}), so its position could not be "
    "found.",
    "The address search did not answer in time ({n} attempt(s)), so the position could not "
    "be found.",
    "The address search failed ({n} attempt(s): {detail}), so the position could not be found.",
)


def settled_by_hand(problems: str) -> str:
    """``problems`` less the notes on the position, for a customer placed by hand."""
    return without_messages(problems, POSITION_NOTES)
