#include "services/tagger/quotes.h"

#include "gtest/gtest.h"
