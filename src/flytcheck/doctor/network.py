"""Where a SQL Server connection stops on the network: the name, SQL Server Browser, the TCP port, the TDS greeting.

Only run when the driver could not connect, to turn "Unable to connect" into what is wrong: a name that does not
resolve, a named instance SQL Server Browser (UDP 1434) does not know, a closed port, or a port where something other
than SQL Server answers. It sends nothing a login would: SQL Browser's instance query, and a TDS PRELOGIN packet
(the first packet every SQL Server client sends, which carries no user name or password).
"""

from __future__ import annotations

import re
import socket
import struct
from dataclasses import dataclass

from flytcheck.doctor.model import Text
from flytcheck.sources.odbc import Server

DEFAULT_PORT = 1433
BROWSER_PORT = 1434

_PRELOGIN_PAYLOAD = (
    bytes([0x00]) + struct.pack(">HH", 11, 6)  # VERSION: offset 11, 6 bytes
    + bytes([0x01]) + struct.pack(">HH", 17, 1)  # ENCRYPTION: offset 17, 1 byte
    + bytes([0xFF])  # terminator
    + bytes([0x0B, 0x00, 0x00, 0x00, 0x00, 0x00])  # client version 11.0 (SQL Server 2012's)
    + bytes([0x00])  # ENCRYPT_OFF: nothing is logged in over this socket
)
PRELOGIN = bytes([0x12, 0x01]) + struct.pack(">H", 8 + len(_PRELOGIN_PAYLOAD)) + bytes([0, 0, 1, 0]) + _PRELOGIN_PAYLOAD
"""A TDS PRELOGIN packet (type 0x12, end of message): a SQL Server answers it with a tabular result (type 0x04)."""
TABULAR_RESULT = 0x04


@dataclass(frozen=True)
class Finding:
    """What the network said, as one line, and whether SQL Server answered at all."""

    answered: bool
    line: Text


def probe(server: Server, timeout: float) -> Finding:
    """Follow the path a driver takes to `server`, and say where it ends."""
    host, port = server.host, server.port
    try:
        address = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)[0][4][0]
    except (OSError, UnicodeError):
        return Finding(False, (
            f"navnet {host} finnes ikke i DNS (skriv det fulle navnet, f.eks. sql01.kommune.no, eller IP-adressen)",
            f"the name {host} does not resolve in DNS (write the full name, e.g. sql01.kommune.no, or the IP address)",
        ))
    if port is None and server.instance:
        port = browser_port(str(address), server.instance, timeout)
        if port is None:
            return Finding(False, (
                f"SQL Server Browser på {host} (UDP {BROWSER_PORT}) svarte ikke for instansen {server.instance}: "
                "oppgi porten, SERVER=vert,port",
                f"SQL Server Browser on {host} (UDP {BROWSER_PORT}) did not answer for the instance "
                f"{server.instance}: give the port, SERVER=host,port",
            ))
    port = port or DEFAULT_PORT
    where = f"{host}:{port}"
    try:
        connection = socket.create_connection((str(address), port), timeout=timeout)
    except ConnectionRefusedError:
        return Finding(False, (
            f"ingenting lytter på {where} (tilkoblingen ble avvist): feil port, eller SQL Server lytter ikke på TCP",
            f"nothing listens on {where} (connection refused): a wrong port, or SQL Server does not listen on TCP",
        ))
    except OSError:
        return Finding(False, (
            f"ingen svar fra {where} innen {timeout:g} s (en brannmur, eller ingen maskin på adressen)",
            f"no answer from {where} within {timeout:g} s (a firewall, or no machine at that address)",
        ))
    with connection:
        if tds_answers(connection, timeout):
            return Finding(True, (f"{where} svarer som en SQL Server (TDS)", f"{where} answers as SQL Server (TDS)"))
    return Finding(False, (
        f"{where} tar imot tilkoblinger, men svarer ikke som en SQL Server: porten tilhører en annen tjeneste "
        f"(SQL Servers standardport er {DEFAULT_PORT})",
        f"{where} accepts connections but does not answer as SQL Server: the port belongs to another service "
        f"(SQL Server's default port is {DEFAULT_PORT})",
    ))


def tds_answers(connection: socket.socket, timeout: float) -> bool:
    """Whether the other end answers a TDS PRELOGIN as a SQL Server does."""
    try:
        connection.settimeout(timeout)
        connection.sendall(PRELOGIN)
        reply = connection.recv(8)
    except OSError:
        return False
    return len(reply) == 8 and reply[0] == TABULAR_RESULT and struct.unpack(">H", reply[2:4])[0] >= 8


def browser_port(address: str, instance: str, timeout: float, port: int = BROWSER_PORT) -> int | None:
    """The TCP port SQL Server Browser gives for a named instance (CLNT_UCAST_INST), or None without an answer."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        udp.settimeout(timeout)
        try:
            udp.sendto(b"\x04" + instance.encode("ascii", "replace") + b"\x00", (address, port))
            reply, _ = udp.recvfrom(4096)
        except OSError:
            return None
    found = re.search(rb"(?i);tcp;(\d+)", reply[3:])
    return int(found.group(1)) if reply[:1] == b"\x05" and found else None
