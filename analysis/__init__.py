"""newsframes analysis package."""
