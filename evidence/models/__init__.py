"""The charity's data: topics, channels and the channel statistics behind every figure."""

from evidence.models.snippets import Breakdown, EvidenceSnippet
from evidence.models.statistics import (
    AgeBand,
    ChannelStatistic,
    MonthlyCell,
    StatisticsImport,
    TopicMonthTotal,
)
from evidence.models.topics import Channel, Topic

__all__ = [
    "AgeBand",
    "Breakdown",
    "Channel",
    "ChannelStatistic",
    "EvidenceSnippet",
    "MonthlyCell",
    "StatisticsImport",
    "Topic",
    "TopicMonthTotal",
]
