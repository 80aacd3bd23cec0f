#include "infra/io/qr.h"

#include <qrencode.h>

namespace jj::io {

std::optional<QrMatrix> EncodeQr(const std::string& text) {
  QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!qr) return std::nullopt;
  QrMatrix m;
  m.width = qr->width;
  m.dark.resize(static_cast<size_t>(qr->width) * qr->width);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = qr->data[i] & 1;
  QRcode_free(qr);
  return m;
}

std::string QrSvg(const std::string& text, int pixels) {
  auto m = EncodeQr(text);
  if (!m) return "";
  constexpr int kQuiet = 4;
  const std::string side = std::to_string(m->width + 2 * kQuiet), px = std::to_string(pixels);
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                    "\n"
                    R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" +
                    px + R"(" height=")" + px + R"(" viewBox="0 0 )" + side + " " + side +
                    R"(" shape-rendering="crispEdges">)" +
                    R"(<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d=")";
  for (int row = 0; row < m->width; ++row)
    for (int col = 0; col < m->width; ++col)
      if (m->Dark(row, col))
        out += "M" + std::to_string(col + kQuiet) + " " + std::to_string(row + kQuiet) + "h1v1h-1z";
  out += "\"/></svg>\n";
  return out;
}

}  // namespace jj::io
