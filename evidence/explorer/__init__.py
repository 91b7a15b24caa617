"""The data explorer: anyone can ask the charity's data a question, within disclosure control.

- `query`: the question, read and checked from a query string (the explorer page, its
  downloads and the open-data API read it the same way, so a permalink, a download and
  an API call with the same parameters give the same answer);
- `figures`: the answer, counted from the monthly rollup and passed through
  `evidence.disclosure` before anything else sees it;
- `sentences`: the answer in one plain sentence per topic;
- `downloads`: the answer as CSV and JSON, cell for cell what the page shows.
"""
