// pcsc-spy logs as traces (pcsc-lite's spy: libpcscspy.so writes raw lines to a FIFO, the
// pcsc-spy program prints them decoded). Both forms are read:
//   decoded (what `pcsc-spy [-n] [-t] > log` prints, colours stripped):
//     SCardTransmit
//      i hCard: 0x...            ... i bSendLength 0x0005 (5) / i bSendBuffer / i  0000 00 A4 ...
//      o bRecvLength 0x0002 (2) / o bRecvBuffer / o  0000 90 00 ..
//      => Card transmit. (SCARD_S_SUCCESS [0x00000000])  [0.000021]
//   raw (`cat ~/pcsc-spy > log`): "THREAD@>|sec|usec|SCardTransmit", one "THREAD@value" line per
//     parameter (hex buffers as "00 A4 04 0C"), then "THREAD@<|sec|usec|SCardTransmit|text|rv".
// SCardTransmit becomes an exchange (or a transmit error when rv is not SCARD_S_SUCCESS);
// SCardReconnect, SCardDisconnect and SCardEndTransaction with SCARD_RESET_CARD become a reset,
// with SCARD_UNPOWER_CARD a power off. Every other call is skipped.
#pragma once

#include <string>
#include <string_view>

#include "reader/trace/trace_reader.hpp"

namespace mynasim::reader::trace {

// Whether the text looks like either form of a pcsc-spy log.
bool looks_like_pcsc_spy(std::string_view text);

// Throws TraceFormatError naming the file, the line and the problem.
Trace parse_pcsc_spy(std::string_view text, const std::string& file);

}  // namespace mynasim::reader::trace
