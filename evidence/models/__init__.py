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

# Last: the explorer page reads the models above through evidence.explorer.
from evidence.models.explorer import DataExplorerPage  # isort: skip

__all__ = [
    "AgeBand",
    "Breakdown",
    "Channel",
    "ChannelStatistic",
    "DataExplorerPage",
    "EvidenceSnippet",
    "MonthlyCell",
    "StatisticsImport",
    "Topic",
    "TopicMonthTotal",
]
