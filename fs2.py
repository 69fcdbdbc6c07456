#!/usr/bin/python3
import os, time
os.fork(); time.sleep(3)
