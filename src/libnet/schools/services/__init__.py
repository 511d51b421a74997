"""Every write of the school library standard and the school library's own registers:
check → write → audit, one transaction."""

from libnet.schools.services.bookcases import (
    close_bookcase,
    lend_to_bookcase,
    open_bookcase,
    return_from_bookcase,
)
from libnet.schools.services.helpers import add_helper, end_helper
from libnet.schools.services.plans import decide_plan, save_plan, submit_plan
from libnet.schools.services.standard import (
    decide_self_assessment,
    draft_from,
    load_criteria,
    publish,
    record_evidence,
    set_criterion,
    set_enrolment,
    submit_self_assessment,
)

__all__ = [
    "add_helper",
    "close_bookcase",
    "decide_plan",
    "decide_self_assessment",
    "draft_from",
    "end_helper",
    "lend_to_bookcase",
    "load_criteria",
    "open_bookcase",
    "publish",
    "record_evidence",
    "return_from_bookcase",
    "save_plan",
    "set_criterion",
    "set_enrolment",
    "submit_plan",
    "submit_self_assessment",
]
