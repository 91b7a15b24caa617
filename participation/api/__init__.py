"""The open-data API's campaign votes: `votes.router` (votes and their rounds) and
`results.router` (closed rounds' results and anonymised ballots), both mounted at
/api/v1/votes by `config.api`."""
