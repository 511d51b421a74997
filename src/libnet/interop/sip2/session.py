"""One connection of a self-check machine: login, error detection, resends, and dispatch.

The protocol's own rules live here; what a message does in libnet is transactions.py.

- A machine logs in first (93, an account of `libnet add_sip_account`). Before that it may
  ask for the status (99: off line, and why); anything else is answered with its refusal.
- Error detection (AY, AZ) is per message: an answer carries the request's sequence number
  and a checksum when the request had one. A frame libnet cannot read, an unknown command,
  or a checksum that does not match is answered with 96 (send it again): nothing happens.
- 97 asks for the last answer again; a request that repeats the last one exactly (same
  sequence number and checksum: the machine did not get the answer) gets the same answer,
  and is not carried out twice.
- Every answer is made in Vietnamese; an unexpected error is logged and answered with a
  refusal (the services roll back: nothing was written), never with a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import translation

from libnet.core import clock
from libnet.interop.models import SipAccount
from libnet.interop.sip2 import services, transactions, wire
from libnet.interop.sip2.errors import MachineRefused
from libnet.interop.sip2.transactions import Machine
from libnet.interop.sip2.wire import Frame, Request, Response

logger = logging.getLogger("libnet.sip2")


class Session:
    """The state of one connection, fed one frame at a time by the server."""

    def __init__(self, *, address: str = "") -> None:
        self.address = address
        self.account_id: int | None = None
        self.account_name = ""
        self.plain_text = False
        # How the client sums its checksums (wire.BYTES or wire.CHARACTERS): answers follow.
        self.sums = wire.BYTES
        self.error_detection = False
        self.last_answer: bytes | None = None
        self._last_request: tuple[str | None, bytes] | None = None

    # --- frames ------------------------------------------------------------------------------

    def handle(self, raw: bytes) -> bytes:
        """Answer one frame (its terminator already taken off)."""
        try:
            frame = wire.read_frame(raw)
        except wire.ChecksumMismatch:
            logger.info("SIP2 %s: checksum does not match; asked to send again", self._who())
            self.error_detection = True
            return self._remember(wire.request_resend(checksum=True))
        except wire.Malformed as error:
            logger.info("SIP2 %s: unreadable frame (%s); asked to send again", self._who(), error)
            return self._remember(wire.request_resend(checksum=self.error_detection))
        if frame.has_checksum:
            self.error_detection = True
            if frame.sums == wire.CHARACTERS:
                self.sums = wire.CHARACTERS
        if frame.command == "97":
            return self.last_answer or self._remember(wire.request_resend(checksum=True))
        key = (frame.sequence, frame.body) if frame.has_checksum else None
        if key is not None and key == self._last_request and self.last_answer is not None:
            return self.last_answer
        answer = self._answer(frame)
        self._last_request = key
        return self._remember(answer)

    def request_resend(self) -> bytes:
        """96 for a frame the server dropped (longer than it accepts)."""
        return self._remember(wire.request_resend(checksum=self.error_detection))

    def _remember(self, answer: bytes) -> bytes:
        self.last_answer = answer
        return answer

    def _who(self) -> str:
        return f"{self.account_name or '-'}@{self.address or '?'}"

    # --- messages ----------------------------------------------------------------------------

    def _answer(self, frame: Frame) -> bytes:
        command = frame.command
        layout = wire.LAYOUTS.get(command)
        if layout is None:
            logger.info("SIP2 %s: unknown message %r; asked to send again", self._who(), command)
            return wire.request_resend(checksum=self.error_detection)
        at = clock.now()
        with translation.override(settings.LANGUAGE_CODE):
            if command in transactions.HANDLERS or command in ("93", "99"):
                try:
                    request = wire.parse_request(frame)
                except wire.Malformed as error:
                    logger.info("SIP2 %s: %s; asked to send again", self._who(), error)
                    return wire.request_resend(checksum=self.error_detection)
                response = self._respond(request, at)
            else:
                # Known to SIP2, not offered here (BX says N): its refusal, read leniently.
                request = wire.read_fields_leniently(frame)
                response = transactions.declined(
                    request, MachineRefused("not_supported").message, at
                )
        return wire.encode(
            response,
            sequence=frame.sequence,
            checksum=frame.has_checksum,
            sums=self.sums,
            plain_text=self.plain_text,
        )

    def _respond(self, request: Request, at: dt.datetime) -> Response:
        if request.command == "93":
            return self._login(request, at)
        machine = self._machine()
        if request.command == "99":
            return transactions.acs_status(machine, request, at)
        if machine is None:
            return transactions.declined(request, MachineRefused("not_logged_in").message, at)
        refusal = transactions.institution_refusal(machine, request)
        if refusal is not None:
            return transactions.declined(request, refusal, at, institution=machine.library.code)
        try:
            return transactions.HANDLERS[request.command](machine, request, at)
        except Exception:
            logger.exception("SIP2 %s: message %s failed", self._who(), request.command)
            return transactions.declined(
                request,
                MachineRefused("system_error").message,
                at,
                institution=machine.library.code,
            )

    def _login(self, request: Request, at: dt.datetime) -> Response:
        """93 → 94: the machine's account name (CN) and password (CO), in plain text (the
        algorithm fields 0); TLS in front of the server keeps them off the network."""
        plain = request.fixed["uid_algorithm"] == "0" and request.fixed["pwd_algorithm"] == "0"
        account = (
            services.authenticate_machine(
                name=request.text("CN"), password=request.text("CO"), address=self.address, at=at
            )
            if plain
            else None
        )
        if account is None:
            logger.warning(
                "SIP2 login refused for %r from %s", request.text("CN")[:40], self.address
            )
            self.account_id, self.account_name, self.plain_text = None, "", False
            return Response("94", "0")
        self.account_id, self.account_name = account.pk, account.name
        self.plain_text = account.plain_text
        logger.info("SIP2 %s signed in for %s", self._who(), account.library.code)
        return Response("94", "1")

    def _machine(self) -> Machine | None:
        """The signed-in machine, read again at every message: a machine disabled, or set to
        text without diacritics, since its login is answered accordingly."""
        if self.account_id is None:
            return None
        account = (
            SipAccount.objects.filter(pk=self.account_id).select_related("library", "user").first()
        )
        if account is None or not account.is_active or not account.user.is_active:
            logger.warning("SIP2 %s: account disabled; signed out", self._who())
            self.account_id, self.account_name, self.plain_text = None, "", False
            return None
        self.plain_text = account.plain_text
        return Machine(account)
