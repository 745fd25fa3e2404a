"""The shipped skill scorecards, installed as package data of coachcli."""
