"""A tiny app with moderated models, used only by the moderation tests."""
