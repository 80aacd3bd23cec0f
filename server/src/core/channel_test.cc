#include "core/channel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace jj {
namespace {

TEST(Channel, HandsOverEveryValueInOrderWithinItsCapacity) {
  Channel<int> ch(2);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(ch.Push(i));
      ++pushed;
    }
    ch.Close();
  });
  std::vector<int> got;
  while (auto v = ch.Pop()) {
    EXPECT_LE(pushed.load(), static_cast<int>(got.size()) + 3);  // never more than capacity (+1 in hand) ahead
    got.push_back(*v);
  }
  producer.join();
  ASSERT_EQ(got.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(got[i], i);
}

TEST(Channel, TheConsumerStillGetsWhatWaitsAfterTheProducerCloses) {
  Channel<int> ch(4);
  ASSERT_TRUE(ch.Push(1));
  ASSERT_TRUE(ch.Push(2));
  ch.Close();
  EXPECT_FALSE(ch.Push(3));
  EXPECT_EQ(ch.Pop(), 1);
  EXPECT_EQ(ch.Pop(), 2);
  EXPECT_EQ(ch.Pop(), std::nullopt);
  EXPECT_EQ(ch.Pop(), std::nullopt);
}

TEST(Channel, ClosingWakesABlockedProducer) {
  Channel<int> ch(1);
  ASSERT_TRUE(ch.Push(1));
  std::atomic<bool> result{true};
  std::thread producer([&] { result = ch.Push(2); });  // blocks: full
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ch.Close();  // the consumer gives up
  producer.join();
  EXPECT_FALSE(result.load());
}

TEST(Channel, ClosingWakesABlockedConsumer) {
  Channel<int> ch(1);
  std::optional<int> got = 7;
  std::thread consumer([&] { got = ch.Pop(); });  // blocks: empty
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ch.Close();
  consumer.join();
  EXPECT_EQ(got, std::nullopt);
}

TEST(Channel, TryPushRefusesWhenFullOrClosedAndNeverWaits) {
  Channel<int> ch(2);
  EXPECT_TRUE(ch.TryPush(1));
  EXPECT_TRUE(ch.TryPush(2));
  EXPECT_FALSE(ch.TryPush(3));  // full: dropped at once
  EXPECT_EQ(ch.Pop(), 1);
  EXPECT_TRUE(ch.TryPush(4));
  ch.Close();
  EXPECT_FALSE(ch.TryPush(5));
  EXPECT_EQ(ch.Pop(), 2);
  EXPECT_EQ(ch.Pop(), 4);
  EXPECT_EQ(ch.Pop(), std::nullopt);
}

}  // namespace
}  // namespace jj
