// A non-blocking switch: a route is the sender's uplink then the receiver's downlink, so a member sending to two
// others at once shares its uplink, and two members sending to one share its downlink.
#include "tessera/sim/topology_level.h"

namespace tessera {

std::string SwitchNetwork::link_name(int64_t link) const {
  return (link % 2 == 0 ? "up " : "down ") + std::to_string(link / 2);
}

void SwitchNetwork::append_route(int64_t src, int64_t dst, LinkId first_link, std::vector<LinkId>& out) const {
  out.push_back(first_link + static_cast<LinkId>(uplink(src)));
  out.push_back(first_link + static_cast<LinkId>(downlink(dst)));
}

}  // namespace tessera
