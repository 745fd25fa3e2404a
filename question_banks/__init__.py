"""The shipped question banks, installed as package data of coachcli."""
