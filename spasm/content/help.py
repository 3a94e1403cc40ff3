"""The ready-written text for "I'm stuck, please help": where the person is
and what they need, in words anyone can act on at once."""

MESSAGE = (
    "I've hurt my back and can't get up. I'm on the floor at home. Please come or call me. The door may be locked."
)
