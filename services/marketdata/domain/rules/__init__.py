"""Data-quality rules: pure checks of a listing's price series, with names, parameters, policies."""

from services.marketdata.domain.rules.base import (
    Finding,
    Rule,
    RulePolicy,
    SeriesContext,
    Severity,
)
from services.marketdata.domain.rules.book import Evaluation, RuleBook, default_rules, evaluate
from services.marketdata.domain.rules.calendar_rules import MarketClosedRule, MissingRule, StaleRule
from services.marketdata.domain.rules.fx import FxMismatchRule
from services.marketdata.domain.rules.moves import JumpRule, ScaleMismatchRule, is_unit_flip

__all__ = [
    "Evaluation",
    "Finding",
    "FxMismatchRule",
    "JumpRule",
    "MarketClosedRule",
    "MissingRule",
    "Rule",
    "RuleBook",
    "RulePolicy",
    "ScaleMismatchRule",
    "SeriesContext",
    "Severity",
    "StaleRule",
    "default_rules",
    "evaluate",
    "is_unit_flip",
]
