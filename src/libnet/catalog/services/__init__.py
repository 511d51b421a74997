"""Every write to the catalogue: records, registers and copies. Each one audited.

catalog is the one owner of creating and moving copies (DESIGN.md §2): the MARC import adds
them with `add_records` and `add_items`, the desk, rotation and the mobile library change
their status and place with `change_locked_item_status`, `move_items` and
`move_locked_item`. What the index must follow is told through catalog.changes.
"""

from libnet.catalog.services.copies import (
    BARCODE,
    ITEM_AUDIT_FIELDS,
    AddedItems,
    NewCopy,
    add_item,
    add_items,
    check_acquired_on,
    check_price,
    update_item,
)
from libnet.catalog.services.intake import (
    INTAKE_SOURCES,
    open_intake_batch,
    record_withdrawal_decision,
    withdraw_items,
)
from libnet.catalog.services.lists import (
    add_to_list,
    create_list,
    move_entry,
    remove_from_list,
    set_entry_note,
    update_list,
)
from libnet.catalog.services.merging import merge_records
from libnet.catalog.services.moves import (
    change_item_status,
    change_locked_item_status,
    move_items,
    move_locked_item,
    note_weeding_candidate,
)
from libnet.catalog.services.records import (
    NewRecord,
    add_records,
    check_record_change,
    create_record,
    delete_record,
    find_duplicate,
    merge_record,
    replace_record,
)
from libnet.catalog.services.registers import (
    REGISTER_PREFIX,
    Numbering,
    accession_number_far_ahead,
    create_register,
    default_register,
    next_accession_sequence_after_import,
    proposed_accession_number,
)
from libnet.catalog.services.restrictions import restrict_item

__all__ = [
    "BARCODE",
    "INTAKE_SOURCES",
    "ITEM_AUDIT_FIELDS",
    "REGISTER_PREFIX",
    "AddedItems",
    "NewCopy",
    "NewRecord",
    "Numbering",
    "accession_number_far_ahead",
    "add_item",
    "add_items",
    "add_records",
    "add_to_list",
    "change_item_status",
    "change_locked_item_status",
    "check_acquired_on",
    "check_price",
    "check_record_change",
    "create_list",
    "create_record",
    "create_register",
    "default_register",
    "delete_record",
    "find_duplicate",
    "merge_record",
    "merge_records",
    "move_entry",
    "move_items",
    "move_locked_item",
    "next_accession_sequence_after_import",
    "note_weeding_candidate",
    "open_intake_batch",
    "proposed_accession_number",
    "record_withdrawal_decision",
    "remove_from_list",
    "replace_record",
    "restrict_item",
    "set_entry_note",
    "update_item",
    "update_list",
    "withdraw_items",
]
