"""The areas a participant chooses from at sign-up.

The nine English regions, Wales, Scotland and Northern Ireland: the areas that
partition the UK in the ONS population estimates used to judge how representative a
vote is. The values are the ONS area codes, so turnout joins the population table
without a lookup.
"""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "E12000001", "North East"
    NORTH_WEST = "E12000002", "North West"
    YORKSHIRE_AND_THE_HUMBER = "E12000003", "Yorkshire and The Humber"
    EAST_MIDLANDS = "E12000004", "East Midlands"
    WEST_MIDLANDS = "E12000005", "West Midlands"
    EAST_OF_ENGLAND = "E12000006", "East of England"
    LONDON = "E12000007", "London"
    SOUTH_EAST = "E12000008", "South East"
    SOUTH_WEST = "E12000009", "South West"
    WALES = "W92000004", "Wales"
    SCOTLAND = "S92000003", "Scotland"
    NORTHERN_IRELAND = "N92000002", "Northern Ireland"
