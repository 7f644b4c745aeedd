"""The conversation, channel-neutral: what to ask, how to read replies, what to say.

No Rasa here: the Rasa actions, the terminal, Telegram and the console all call these.
"""
