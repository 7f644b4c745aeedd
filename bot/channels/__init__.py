"""The ways people reach cyberguide; every one talks to Rasa through :mod:`bot.channels.rasa_client`."""
