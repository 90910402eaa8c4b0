"""The code host (GitHub, Gitea): who may change what, CODEOWNERS, forms, reminders, CI output."""
