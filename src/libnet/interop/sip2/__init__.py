"""A SIP2 server for self-check machines: `libnet sip2`, one account per machine.

- `wire.py`: the bytes on the wire (frames, checksums, fixed and variable fields, dates); pure.
- `session.py`: one connection: login, error detection, resends, which message goes where.
- `transactions.py`: the mapping of each message to libnet (the circulation and patrons
  access getters and services, the same rules and refusals as a desk), in one place.
- `services.py`: adding and changing a machine's account, and its login.
- `server.py`: the threaded TCP server and its graceful stop.
"""
