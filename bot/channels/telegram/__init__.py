"""The Telegram channel: one adapter over python-telegram-bot's ``Application``, run by polling
(``python -m bot.channels.telegram``, the default) or fed by the web gateway's webhook route.

Every reply comes from Rasa through :mod:`bot.channels.rasa_client`; the channel's own words
(commands, photos, faults) are in ``messages.yml``. See :class:`~bot.channels.telegram.adapter.TelegramChannel`.
"""
