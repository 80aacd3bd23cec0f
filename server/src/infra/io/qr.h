// QR codes (libqrencode, error correction level M, 8-bit mode): the module
// matrix for drawing on any surface (certificates' PDF), and an SVG image
// (check-in codes shown on screen).
//
// Thread safety: plain functions (libqrencode's encoder is reentrant).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jj::io {

struct QrMatrix {
  int width = 0;           // modules per side, without a quiet zone
  std::vector<bool> dark;  // row-major, width * width
  bool Dark(int row, int col) const { return dark[static_cast<size_t>(row) * width + col]; }
};

// nullopt when the text is too long for any QR version.
std::optional<QrMatrix> EncodeQr(const std::string& text);

// A standalone SVG document (black modules on white, a 4-module quiet zone,
// `pixels` wide and high) of `text`'s QR code; an empty string when the text
// cannot be encoded.
std::string QrSvg(const std::string& text, int pixels = 256);

}  // namespace jj::io
