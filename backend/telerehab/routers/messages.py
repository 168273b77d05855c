"""Conversations between a doctor and their patients."""

from fastapi import APIRouter

router = APIRouter(prefix="/messages", tags=["messages"])
