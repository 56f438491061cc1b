"""行政强制措施, 不予行政强制, 简易程序 and 行刑衔接: the enforcement paths beside the penalty case."""
